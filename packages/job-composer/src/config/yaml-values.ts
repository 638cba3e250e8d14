/**
 * Values produced by Zuul's YAML loader for its custom tags (zuul/lib/yamlutil.py,
 * zuul/configloader.py): `!override` / `!inherit` on job attributes, and
 * `!encrypted/pkcs1-oaep` secret data (left undecrypted: the executor has the key, we don't).
 */

export class TaggedValue {
  constructor(
    readonly tag: 'override' | 'inherit',
    readonly value: unknown,
  ) {}
}

export class EncryptedValue {
  readonly algorithm = 'pkcs1-oaep';
  /** Base64 chunks; Zuul decrypts each and joins them. */
  constructor(readonly ciphertext: string[]) {}
  toJSON(): unknown {
    return { '!encrypted/pkcs1-oaep': this.ciphertext };
  }
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return (
    typeof v === 'object' &&
    v !== null &&
    !Array.isArray(v) &&
    !(v instanceof TaggedValue) &&
    !(v instanceof EncryptedValue)
  );
}
