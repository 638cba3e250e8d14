import type { RoleDefinition } from '@zuul-ts/role-kit';

/**
 * Built-in roles: zuul-jobs role name → the package whose index exports `roles`.
 * Loaded lazily with require() so `zuul-ts --version` and runs that use one role stay fast,
 * and so a missing package only matters to a playbook that names its role.
 */
export const BUILTIN_ROLE_PACKAGES: Readonly<Record<string, string>> = {
  'build-container-image': '@zuul-ts/build-container-image',
  'upload-container-image': '@zuul-ts/upload-container-image',
  'promote-container-image': '@zuul-ts/promote-container-image',
  'remove-registry-tag': '@zuul-ts/promote-container-image',
  'push-to-intermediate-registry': '@zuul-ts/intermediate-registry',
  'pull-from-intermediate-registry': '@zuul-ts/intermediate-registry',
  'run-buildset-registry': '@zuul-ts/intermediate-registry',
  'pause-buildset-registry': '@zuul-ts/intermediate-registry',
  'stop-buildset-registry': '@zuul-ts/intermediate-registry',
  'use-buildset-registry': '@zuul-ts/intermediate-registry',
  'mirror-container-images': '@zuul-ts/mirror-container-images',
  'build-docker-image': '@zuul-ts/docker-image',
  'upload-docker-image': '@zuul-ts/docker-image',
  'promote-docker-image': '@zuul-ts/docker-image',
  'ensure-docker': '@zuul-ts/docker-image',
  'ensure-podman': '@zuul-ts/docker-image',
  'ensure-skopeo': '@zuul-ts/docker-image',
};

/* eslint-disable @typescript-eslint/no-require-imports */
/**
 * One loader per built-in package, each a require() of a literal name: a bundler follows them
 * into the one-file CLI, and each still runs only when a role of that package is first used.
 */
const LOADERS: Readonly<Record<string, () => unknown>> = {
  '@zuul-ts/build-container-image': () => require('@zuul-ts/build-container-image'),
  '@zuul-ts/upload-container-image': () => require('@zuul-ts/upload-container-image'),
  '@zuul-ts/promote-container-image': () => require('@zuul-ts/promote-container-image'),
  '@zuul-ts/intermediate-registry': () => require('@zuul-ts/intermediate-registry'),
  '@zuul-ts/mirror-container-images': () => require('@zuul-ts/mirror-container-images'),
  '@zuul-ts/docker-image': () => require('@zuul-ts/docker-image'),
};
/* eslint-enable @typescript-eslint/no-require-imports */

const registered = new Map<string, RoleDefinition>();

/** Registers a role (tests, embedders). A registered role shadows the built-in of that name. */
export function registerRole(def: RoleDefinition): void {
  registered.set(def.name, def);
}

export function unregisterRole(name: string): void {
  registered.delete(name);
}

export class UnknownRoleError extends Error {
  constructor(
    readonly role: string,
    reason: string,
  ) {
    super(`role '${role}': ${reason}`);
    this.name = 'UnknownRoleError';
  }
}

/** Resolves a role name to its implementation, loading the built-in package on first use. */
export function resolveRole(name: string): RoleDefinition {
  const own = registered.get(name);
  if (own) return own;
  const pkg = BUILTIN_ROLE_PACKAGES[name];
  if (!pkg) {
    const known = [
      ...new Set([...registered.keys(), ...Object.keys(BUILTIN_ROLE_PACKAGES)]),
    ].sort();
    throw new UnknownRoleError(name, `no such role; known roles: ${known.join(', ')}`);
  }
  let mod: { roles?: RoleDefinition[] };
  try {
    mod = LOADERS[pkg]() as { roles?: RoleDefinition[] };
  } catch (err) {
    throw new UnknownRoleError(
      name,
      `package ${pkg} cannot be loaded: ${(err as Error).message.split('\n')[0]}`,
    );
  }
  const def = (mod.roles ?? []).find((r) => r.name === name);
  if (!def) throw new UnknownRoleError(name, `package ${pkg} does not export it in 'roles'`);
  return def;
}

/** Is the role known (registered or built-in)? Checked while validating a playbook. */
export function isKnownRole(name: string): boolean {
  return registered.has(name) || name in BUILTIN_ROLE_PACKAGES;
}
