/**
 * Ansible's `omit`: a placeholder string (`__omit_place_holder__<hex>`) that callers drop from
 * module/role arguments. A string (not a symbol) so it survives rendering and comparison exactly
 * like Ansible's.
 */
import { randomBytes } from 'node:crypto';

export const OMIT: string = `__omit_place_holder__${randomBytes(20).toString('hex')}`;

/** Drop dict keys whose value is OMIT, recursively (what Ansible does to module arguments; list items stay). */
export function dropOmitted<T>(value: T): T {
  if (Array.isArray(value)) return value.map(dropOmitted) as T;
  if (
    value !== null &&
    typeof value === 'object' &&
    Object.getPrototypeOf(value) === Object.prototype
  ) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== OMIT) out[k] = dropOmitted(v);
    return out as T;
  }
  return value;
}
