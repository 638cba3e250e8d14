import type { Redactor } from '../events';
import type { Vars } from '@zuul-ts/role-kit';

/**
 * Variables that hold credentials in zuul-jobs: whatever layer
 * they come from (secrets, `-e @-` piped by a role stub, inventory), their secret leaves and
 * `user:pass` base64 forms are registered with the redactor before anything runs.
 */
export const CREDENTIAL_VARS = [
  'container_registry_credentials',
  'docker_credentials',
  'buildset_registry',
  'intermediate_registry',
] as const;

export function registerKnownSecrets(redactor: Redactor, ...sources: (Vars | undefined)[]): void {
  for (const vars of sources) {
    if (!vars) continue;
    for (const name of CREDENTIAL_VARS)
      if (vars[name] !== undefined) redactor.addSecretTree(vars[name]);
  }
}
