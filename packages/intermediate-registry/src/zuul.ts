import { InputError } from '@zuul-ts/role-kit';
import type { Vars } from '@zuul-ts/role-kit';

/** `zuul_success | default(true) | bool`, with Ansible's string booleans. */
export function zuulSuccess(vars: Vars): boolean {
  const v = vars.zuul_success;
  if (v === undefined || v === null) return true;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  const s = String(v).trim().toLowerCase();
  return ['yes', 'on', '1', 'true', 't', 'y'].includes(s);
}

/** `zuul.build`, the build UUID used as the intermediate tag prefix. */
export function zuulBuild(vars: Vars): string {
  const build = (vars.zuul as { build?: unknown } | undefined)?.build;
  if (typeof build !== 'string' || !/^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(build))
    throw new InputError('zuul.build', 'is required (the build UUID, used in the tag prefix)');
  return build;
}
