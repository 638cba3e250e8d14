import { isIP } from 'node:net';
import type { RegistryClient } from '@zuul-ts/registry';
import type { RoleContext } from '@zuul-ts/role-kit';
import type { BuildsetRegistry } from './buildset-registry';
import { BUILDSET_REGISTRY_ALIAS, buildsetRepositoryPath } from './buildset-registry';
import { withRoleRegistryClient } from './role-registry-client';

/**
 * How the registry client reaches the buildset registry: `<host>:<port>` for a name or an IPv4
 * address (the storage path is the same whatever name the build role pushed under), the
 * zuul-jobs alias for IPv6 (not valid in a reference), mapped to `https://[host]:port`.
 */
export function buildsetClientLocation(registry: BuildsetRegistry): {
  location: string;
  endpoint?: string;
} {
  const port = String(registry.port);
  if (isIP(registry.host) === 6)
    return {
      location: `${BUILDSET_REGISTRY_ALIAS}:${port}`,
      endpoint: `https://[${registry.host}]:${port}`,
    };
  return { location: `${registry.host}:${port}` };
}

/** `<location>/<repository>` in the buildset registry, docker.io rule, for the client. */
export function buildsetClientRepository(registry: BuildsetRegistry, repository: string): string {
  return `${buildsetClientLocation(registry).location}/${buildsetRepositoryPath(repository)}`;
}

/**
 * As `withRoleRegistryClient`, plus the buildset registry's credentials and CA (in memory,
 * registered for redaction), so one client can copy from the buildset registry to the final one.
 */
export async function withBuildsetRegistryClient<T>(
  ctx: RoleContext,
  registry: BuildsetRegistry,
  fn: (client: RegistryClient) => Promise<T>,
): Promise<T> {
  const { location, endpoint } = buildsetClientLocation(registry);
  return withRoleRegistryClient(ctx, fn, {
    logins: [{ registry: location, username: registry.username, password: registry.password }],
    ca: registry.cert ? { [location]: registry.cert } : {},
    endpoints: endpoint ? { [location]: endpoint } : undefined,
  });
}
