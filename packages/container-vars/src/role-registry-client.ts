import type { RegistryClient } from '@zuul-ts/registry';
import type { RoleContext } from '@zuul-ts/role-kit';
import { registryCas, registryLogins } from './registry-credentials';

/** Registries the role reaches beyond the job's `container_registry_credentials`. */
export interface ExtraRegistryAccess {
  logins?: { registry: string; username?: string; password?: string }[];
  ca?: Record<string, string>;
  endpoints?: Record<string, string>;
}

/**
 * Runs `fn` with a registry client for one role run, then closes its connections. Credentials
 * come from the job's secrets (`container_registry_credentials`, `intermediate_registry`), stay
 * in memory and are registered for redaction; private CAs from `container_registry_ca`.
 * The registry package is loaded on first use, so `zuul-ts` startup does not pay for it.
 */
export async function withRoleRegistryClient<T>(
  ctx: RoleContext,
  fn: (client: RegistryClient) => Promise<T>,
  extra: ExtraRegistryAccess = {},
): Promise<T> {
  const logins = [...registryLogins(ctx.vars), ...(extra.logins ?? [])];
  for (const l of logins) if (l.password) ctx.addSecret(l.password);
  // A copy: never write into the job's variables.
  const ca = { ...registryCas(ctx.vars), ...(extra.ca ?? {}) };
  const { RegistryClient: Client } = await import('@zuul-ts/registry');
  const client = new Client({ credentials: logins, ca, endpoints: extra.endpoints });
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}
