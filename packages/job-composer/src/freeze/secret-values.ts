import type { Vars } from '../config/types';
import { decryptSecretData } from '../config/decrypt';
import { FreezeError } from './errors';
import type { FrozenJob } from './types';

/**
 * Plaintext values for every secret a frozen job needs. `provided` maps secret stanza names
 * to plaintext data (zuul-ts `--secrets FILE`: the executor already decrypted them). A secret
 * whose stanza data is plain YAML needs no entry; one with `!encrypted/pkcs1-oaep` leaves and
 * no provided value is decrypted with `options.projectKeys[<project of the secret>]` (a PEM
 * private key, as `zuul-admin export-keys` gives) or else is an error naming it and the
 * playbooks that need it.
 */
export function resolveSecretValues(
  frozen: FrozenJob,
  provided: Record<string, unknown> = {},
  options: { projectKeys?: Record<string, string> } = {},
): Record<string, Vars> {
  const out: Record<string, Vars> = {};
  const missing: string[] = [];
  for (const name of frozen.secretNames) {
    const given = provided[name];
    if (given !== undefined) {
      if (typeof given !== 'object' || given === null || Array.isArray(given)) {
        throw new FreezeError(
          `Secret ${name}: the provided value must be a mapping (the secret's data)`,
        );
      }
      out[name] = given as Vars;
      continue;
    }
    const bound = frozen.playbooks
      .flatMap((p) => Object.values(p.secrets))
      .find((s) => s.secret === name);
    const key = bound && options.projectKeys?.[bound.project];
    if (bound && !bound.encrypted) out[name] = bound.data;
    else if (bound && key) {
      try {
        out[name] = decryptSecretData(bound.data, key);
      } catch {
        // Never echo key or ciphertext material.
        throw new FreezeError(
          `Secret ${name}: cannot decrypt with the private key of project ${bound.project}`,
        );
      }
    } else missing.push(name);
  }
  if (missing.length > 0) {
    const users = (name: string) =>
      [
        ...new Set(
          frozen.playbooks
            .filter((p) => Object.values(p.secrets).some((s) => s.secret === name))
            .map((p) => p.name),
        ),
      ].join(', ');
    throw new FreezeError(
      missing
        .map(
          (n) =>
            `Job ${frozen.name} needs secret ${n} (encrypted; used by ${users(n)}) but no value was provided for it`,
        )
        .join('\n'),
    );
  }
  return out;
}
