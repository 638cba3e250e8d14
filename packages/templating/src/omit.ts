/**
 * Ansible's `omit`: a placeholder string (`__omit_place_holder__<hex>`) that callers drop from
 * module/role arguments. A string (not a symbol) so it survives rendering and comparison exactly
 * like Ansible's.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { nodeCrypto } from './node-crypto';

/**
 * 20 random bytes as Ansible takes them (`os.urandom`), read from /dev/urandom: node:crypto
 * (which loads node:stream with it) would be a tenth of a short run's start-up for this alone.
 */
function urandomHex(): string {
  const bytes = Buffer.alloc(20);
  try {
    const fd = openSync('/dev/urandom', 'r');
    try {
      readSync(fd, bytes, 0, bytes.length, null);
    } finally {
      closeSync(fd);
    }
  } catch {
    nodeCrypto().randomFillSync(bytes);
  }
  return bytes.toString('hex');
}

export const OMIT: string = `__omit_place_holder__${urandomHex()}`;

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
