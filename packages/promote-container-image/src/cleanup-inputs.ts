import { InputError } from '@zuul-ts/role-kit';
import type { Vars } from '@zuul-ts/role-kit';

/** zuul-jobs default `remove_registry_tag_regex`: `^change_.*$|^{{ zuul.pipeline }}_.*$`. */
export function defaultCleanupRegex(vars: Vars): string {
  const pipeline = (vars.zuul as { pipeline?: string } | undefined)?.pipeline;
  return pipeline ? `^change_.*$|^${pipeline}_.*$` : '^change_.*$';
}

/** `remove_registry_tag_regex` compiled (default as zuul-jobs). */
export function cleanupRegex(vars: Vars): RegExp {
  const raw = vars.remove_registry_tag_regex ?? defaultCleanupRegex(vars);
  if (typeof raw !== 'string' || raw === '')
    throw new InputError('remove_registry_tag_regex', 'must be a non-empty string');
  try {
    return new RegExp(raw);
  } catch (err) {
    throw new InputError('remove_registry_tag_regex', `invalid regex: ${(err as Error).message}`);
  }
}

/** `remove_registry_tag_age` in seconds (default 86400); strings of digits accepted (Ansible). */
export function cleanupAge(vars: Vars): number {
  const raw = vars.remove_registry_tag_age ?? 86400;
  const n = typeof raw === 'string' && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < 0)
    throw new InputError('remove_registry_tag_age', 'must be a number of seconds');
  return n;
}

export function apiUrlOverride(vars: Vars): string | undefined {
  const v = vars.remove_registry_tag_api_url;
  if (v === undefined || v === null || v === '') return undefined;
  if (typeof v !== 'string' || !/^https?:\/\//.test(v))
    throw new InputError('remove_registry_tag_api_url', 'must be an http(s) URL');
  return v;
}
