import type { Vars } from '@zuul-ts/role-kit';
import { InputError } from '@zuul-ts/role-kit';

export type PromoteMethod = 'tag' | 'intermediate-registry';

/**
 * `promote_container_image_method` (default `tag`), read by upload and promote. zuul-jobs'
 * README documents the name `promote_container_method`, which the code never read: it is
 * accepted here with a warning. An unknown value is an input error (zuul-jobs silently did
 * nothing).
 */
export function promoteMethod(vars: Vars, warn: (message: string) => void): PromoteMethod {
  const real = vars.promote_container_image_method;
  const documented = vars.promote_container_method;
  let value = real;
  let path = 'promote_container_image_method';
  if (documented !== undefined && documented !== null) {
    if (real === undefined || real === null) {
      value = documented;
      path = 'promote_container_method';
      warn(
        "promote_container_method is the name in zuul-jobs' README but not what its roles read; " +
          'use promote_container_image_method (honoured here anyway)',
      );
    } else if (real !== documented) {
      warn(
        `promote_container_method=${String(documented)} ignored: promote_container_image_method=${String(real)} wins`,
      );
    }
  }
  if (value === undefined || value === null) return 'tag';
  if (value !== 'tag' && value !== 'intermediate-registry')
    throw new InputError(
      path,
      `must be "tag" or "intermediate-registry", got ${JSON.stringify(value)}`,
    );
  return value;
}
