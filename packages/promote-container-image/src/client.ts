import { registryCas, registryLogins } from '@zuul-ts/job-composer';
import type { RoleContext } from '@zuul-ts/job-composer';
import { RegistryClient } from '@zuul-ts/registry';
import type { PromoteRegistryOps } from './registry-ops';

/**
 * The registry client for one role run: credentials from the job's secrets, in memory only and
 * registered for redaction; private CAs from `container_registry_ca`.
 */
export function roleRegistryClient(ctx: RoleContext): PromoteRegistryOps {
  const logins = registryLogins(ctx.vars);
  for (const l of logins) if (l.password) ctx.addSecret(l.password);
  return new RegistryClient({ credentials: logins, ca: registryCas(ctx.vars) });
}
