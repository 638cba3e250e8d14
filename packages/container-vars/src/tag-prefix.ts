import type { Vars } from '@zuul-ts/role-kit';

/** The subset of the `zuul` dict the container roles read. */
export interface ZuulChangeInfo {
  change?: string | number | null;
  pipeline?: string;
  change_url?: string;
}

function zuulDict(vars: Vars): ZuulChangeInfo {
  const z = vars.zuul;
  return z && typeof z === 'object' ? (z as ZuulChangeInfo) : {};
}

/** True when the build is for a change (zuul-jobs tests `zuul.change` for truthiness). */
export function hasChange(vars: Vars): boolean {
  const change = zuulDict(vars).change;
  return change !== undefined && change !== null && String(change) !== '';
}

/**
 * Temporary tag prefix: `change_<zuul.change>` when a change exists,
 * else `zuul.pipeline`. Used for the build's local tags (both engines), the upload's
 * pushed tags and the promote's source tags.
 */
export function changeTagPrefix(vars: Vars): string {
  const zuul = zuulDict(vars);
  if (hasChange(vars)) return `change_${String(zuul.change)}`;
  if (!zuul.pipeline) throw new Error('zuul.pipeline is required when zuul.change is not set');
  return zuul.pipeline;
}

/** `<prefix>_<tag>`, e.g. `change_12345_latest`, `periodic_latest`. */
export function temporaryTag(vars: Vars, tag: string): string {
  return `${changeTagPrefix(vars)}_${tag}`;
}

/**
 * Labels zuul-jobs adds to every build: `org.zuul-ci.change` only when a change exists,
 * `org.zuul-ci.change_url` always (empty string when Zuul gives none).
 */
export function zuulLabels(vars: Vars): Record<string, string> {
  const zuul = zuulDict(vars);
  const labels: Record<string, string> = {};
  if (hasChange(vars)) labels['org.zuul-ci.change'] = String(zuul.change);
  labels['org.zuul-ci.change_url'] = zuul.change_url ?? '';
  return labels;
}
