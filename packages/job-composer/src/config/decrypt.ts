import { constants, privateDecrypt } from 'node:crypto';
import { EncryptedValue, isPlainObject } from './yaml-values';

/**
 * Decrypts `!encrypted/pkcs1-oaep` values with a project's private key, as the Zuul executor
 * does (zuul/lib/encryption.py: RSA OAEP with SHA-1 and MGF1-SHA-1, each base64 chunk decrypted
 * and the plaintexts joined). Other values are returned as they are.
 */
export function decryptSecretData<T>(value: T, privateKeyPem: string): T {
  if (value instanceof EncryptedValue) {
    return value.ciphertext
      .map((chunk) =>
        privateDecrypt(
          { key: privateKeyPem, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
          Buffer.from(chunk, 'base64'),
        ).toString('utf8'),
      )
      .join('') as T;
  }
  if (Array.isArray(value)) return value.map((v) => decryptSecretData(v, privateKeyPem)) as T;
  if (isPlainObject(value)) {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, decryptSecretData(v, privateKeyPem)]),
    ) as T;
  }
  return value;
}
