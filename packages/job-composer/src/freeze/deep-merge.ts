import { isPlainObject } from '../config/yaml-values';

/**
 * Zuul's `Job._deepUpdate(a, b)` as a pure function: keys only in `a` kept; for keys in `b`,
 * mappings on both sides recurse, anything else (lists included) is replaced by `b`'s value.
 */
export function deepMerge<T extends Record<string, unknown>>(a: T, b: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const cur = out[k];
    out[k] = isPlainObject(cur) && isPlainObject(v) ? deepMerge(cur, v) : clone(v);
  }
  return out as T;
}

export function clone<T>(v: T): T {
  if (Array.isArray(v)) return v.map(clone) as T;
  if (isPlainObject(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = clone(x);
    return out as T;
  }
  return v;
}
