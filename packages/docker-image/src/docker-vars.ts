import { InputError } from '@zuul-ts/role-kit';
import { repositoryPermitted } from '@zuul-ts/container-vars';
import type { Vars } from '@zuul-ts/role-kit';

/** Docker Hub, the registry when `docker_registry` is empty (zuul-jobs' default). */
export const DOCKER_HUB_REGISTRY = 'docker.io';

/** `docker_images` item keys that mean the same in `container_images`. */
const SHARED_KEYS = [
  'context',
  'path',
  'build_args',
  'target',
  'tags',
  'siblings',
  'labels',
  'arch',
];

/** `docker_credentials` keys passed on (`type`/`api_url` pick a tag API, as for containers). */
const CREDENTIAL_KEYS = ['username', 'password', 'type', 'api_url', 'api_token'];

export interface MapOptions {
  /** upload/promote talk to the registry: `docker_credentials` is required. */
  credentials: boolean;
}

const isDict = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);

/** `docker_registry`: empty or unset means Docker Hub. */
export function dockerRegistry(vars: Vars): string | undefined {
  const r = vars.docker_registry;
  if (r === undefined || r === null || r === '') return undefined;
  if (typeof r !== 'string' || /[\s/]/.test(r))
    throw new InputError('docker_registry', `must be a registry host, got ${JSON.stringify(r)}`);
  return r;
}

function credentials(vars: Vars, images: Record<string, unknown>[], required: boolean) {
  const c = vars.docker_credentials;
  if (c === undefined || c === null) {
    if (required) throw new InputError('docker_credentials', 'is required (username, password)');
    return undefined;
  }
  if (!isDict(c)) throw new InputError('docker_credentials', 'must be a dict');
  for (const k of ['username', 'password', 'repository'])
    if (c[k] !== undefined && typeof c[k] !== 'string')
      throw new InputError(`docker_credentials.${k}`, 'must be a string');
  // zuul-jobs matches the regex against the repository as written, without docker_registry.
  if (typeof c.repository === 'string')
    images.forEach((image, i) => {
      if (!repositoryPermitted(c.repository as string, image.repository as string))
        throw new InputError(
          `docker_images[${i}].repository`,
          `${String(image.repository)} not permitted by ${c.repository as string}`,
        );
    });
  return Object.fromEntries(
    CREDENTIAL_KEYS.filter((k) => c[k] !== undefined).map((k) => [k, c[k]]),
  );
}

/**
 * The docker-image roles' variables as the container roles' variables: the one place the two
 * families differ. `docker_images[i]` becomes `container_images[i]` with the repository
 * prefixed by `docker_registry` (as zuul-jobs tags and pushes it), `dockerfile` (default
 * `docker_dockerfile`) as `container_filename`, and `registry` naming the credentials;
 * `docker_credentials` becomes that registry's `container_registry_credentials` entry; the
 * engine is docker. Every other variable (zuul, zuul_work_dir, buildset_registry…) passes on.
 */
export function containerVars(vars: Vars, options: MapOptions): Vars {
  const list = vars.docker_images;
  if (!Array.isArray(list)) throw new InputError('docker_images', 'must be a list of images');
  const images = list.map((raw, i) => {
    if (!isDict(raw)) throw new InputError(`docker_images[${i}]`, 'must be a dict');
    if (typeof raw.repository !== 'string' || raw.repository === '')
      throw new InputError(`docker_images[${i}].repository`, 'is required');
    return raw;
  });
  const host = dockerRegistry(vars);
  const registry = host ?? DOCKER_HUB_REGISTRY;
  const cred = credentials(vars, images, options.credentials);
  const dockerfile = (vars.docker_dockerfile as string | undefined) || 'Dockerfile';
  const out: Vars = { ...vars };
  out.container_command = 'docker';
  out.container_filename = dockerfile;
  out.container_images = images.map((image) => ({
    ...Object.fromEntries(
      SHARED_KEYS.filter((k) => image[k] !== undefined).map((k) => [k, image[k]]),
    ),
    repository: host ? `${host}/${image.repository as string}` : image.repository,
    registry,
    container_filename: image.dockerfile ?? dockerfile,
  }));
  if (cred) out.container_registry_credentials = { [registry]: cred };
  else delete out.container_registry_credentials;
  out.upload_container_image_promote = vars.upload_docker_image_promote;
  // The docker family promotes by tag only (no intermediate-registry method).
  out.promote_container_image_method = 'tag';
  delete out.promote_container_method;
  return out;
}

/** Variable paths and messages of the container roles, in the docker roles' names. */
export function dockerNames(text: string, registry: string): string {
  return text
    .split(`container_registry_credentials.${registry}`)
    .join('docker_credentials')
    .replace(/\bcontainer_images\b/g, 'docker_images')
    .replace(/\bcontainer_filename\b/g, 'docker_dockerfile')
    .replace(/\bupload_container_image_promote\b/g, 'upload_docker_image_promote');
}
