import { InputError } from '@zuul-ts/role-kit';
import type { RoleContext } from '@zuul-ts/role-kit';
import type { PromoteMethod } from '@zuul-ts/container-vars';

/** Ansible's `bool` filter: yes/on/1/true and no/off/0/false (any case); real booleans pass. */
export function ansibleBool(value: unknown, path: string, dflt: boolean): boolean {
  if (value === undefined || value === null) return dflt;
  if (typeof value === 'boolean') return value;
  const s = String(value).trim().toLowerCase();
  if (['yes', 'on', '1', 'true', 'y'].includes(s)) return true;
  if (['no', 'off', '0', 'false', 'n', ''].includes(s)) return false;
  throw new InputError(path, `must be a boolean, got ${JSON.stringify(value)}`);
}

/**
 * Why this run uploads nothing, or undefined when it uploads. Mirrors zuul-jobs' guard
 * (first play host only; promote=true with the intermediate-registry method is a silent no-op,
 * no checks, no traffic) and adds `zuul_success` honouring (zuul-jobs uploaded images of
 * failed builds from its post-run playbook).
 */
export function uploadSkipReason(
  ctx: RoleContext,
  promote: boolean,
  method: PromoteMethod,
): string | undefined {
  if (ctx.playHosts.length > 0 && ctx.host.name !== ctx.playHosts[0])
    return `only the first host of the play (${ctx.playHosts[0]}) uploads`;
  if (promote && method === 'intermediate-registry')
    return 'promotion via the intermediate registry: the images travel through it, nothing to upload here';
  if (!ansibleBool(ctx.vars.zuul_success, 'zuul_success', true))
    return 'the run phase failed (zuul_success is false): nothing uploaded';
  return undefined;
}
