import type { FrozenJob } from '../freeze';
import type { Vars } from '../role-kit';

/** A secret a job needs is neither plain in the config nor given with `--secrets`: exit 2. */
export class SecretMissingError extends Error {
  constructor(
    readonly secret: string,
    job: string,
  ) {
    super(
      `job ${job} needs secret '${secret}' (encrypted in the config) but --secrets does not provide it`,
    );
    this.name = 'SecretMissingError';
  }
}

/**
 * Plaintext values for every secret stanza the job's playbooks use: `--secrets` wins (the
 * executor has already decrypted them); a stanza whose data is plain YAML is used as is; a
 * still-encrypted one that `--secrets` lacks is an error naming it — before anything runs.
 */
export function resolveSecretValues(
  frozen: FrozenJob,
  provided: Record<string, Vars>,
): Record<string, Vars> {
  const out: Record<string, Vars> = {};
  for (const pb of frozen.playbooks) {
    for (const s of Object.values(pb.secrets)) {
      if (s.secret in out) continue;
      if (provided[s.secret] !== undefined) out[s.secret] = provided[s.secret];
      else if (!s.encrypted) out[s.secret] = s.data;
      else throw new SecretMissingError(s.secret, frozen.name);
    }
  }
  return out;
}
