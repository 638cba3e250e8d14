import { randomUUID } from 'node:crypto';

/** uuid4 hex, as Zuul's build and buildset ids (32 lowercase hex characters). */
export function uuidHex(): string {
  return randomUUID().replace(/-/g, '');
}
