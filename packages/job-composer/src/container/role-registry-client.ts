import type { RegistryClient } from '@zuul-ts/registry';
import type { RoleContext } from '../role-kit';
import { registryCas, registryLogins } from './registry-credentials';

/**
 * Runs `fn` with a registry client for one role run, then closes its connections. Credentials
 * come from the job's secrets (`container_registry_credentials`, `intermediate_registry`), stay
 * in memory and are registered for redaction; private CAs from `container_registry_ca`.
 * The registry package is loaded on first use, so `zuul-ts` startup does not pay for it.
 */
export async function withRoleRegistryClient<T>(
  ctx: RoleContext,
  fn: (client: RegistryClient) => Promise<T>,
): Promise<T> {
  const logins = registryLogins(ctx.vars);
  for (const l of logins) if (l.password) ctx.addSecret(l.password);
  const ca = registryCas(ctx.vars);
  const { RegistryClient: Client } = await import('@zuul-ts/registry');
  const client = new Client({ credentials: logins, ca });
  try {
    return await fn(client);
  } finally {
    client.close();
  }
}
