import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, createPublicKey, KeyObject, sign } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface SigningKey {
  key: KeyObject;
  /** libtrust key ID of the public key: what distribution matches the JWT `kid` against. */
  kid: string;
  /** Self-signed certificate of the key: the registry's `rootcertbundle`. */
  certPath: string;
  dir: string;
}

/**
 * libtrust's key ID (docker/libtrust `keyIDFromCryptoKey`): SHA-256 of the DER
 * SubjectPublicKeyInfo, first 240 bits, base32 without padding, in 12 groups of 4 joined by `:`.
 */
export function libtrustKeyId(key: KeyObject): string {
  const der = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const hash = createHash('sha256').update(der).digest().subarray(0, 30);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const b of hash) bits += b.toString(2).padStart(8, '0');
  let b32 = '';
  for (let i = 0; i < bits.length; i += 5) b32 += alphabet[parseInt(bits.slice(i, i + 5), 2)];
  return b32.match(/.{4}/g)!.join(':');
}

/** A fresh P-256 key and its self-signed certificate (openssl CLI), in a new temp folder. */
export function generateSigningKey(): SigningKey {
  const dir = mkdtempSync(join(tmpdir(), 'zuul-ts-token-'));
  const keyPath = join(dir, 'token.key');
  const certPath = join(dir, 'token.crt');
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', keyPath);
  openssl(
    'req',
    '-x509',
    '-new',
    '-key',
    keyPath,
    '-days',
    '3',
    '-subj',
    '/CN=zuul-ts token issuer',
    '-out',
    certPath,
  );
  const key = createPrivateKey(readFileSync(keyPath));
  return { key, kid: libtrustKeyId(key), certPath, dir };
}

const b64url = (v: Buffer | string) => Buffer.from(v).toString('base64url');

/** A compact ES256 JWS (JWT) of `claims`, with `kid` in the header. */
export function signJwt(claims: object, signer: SigningKey): string {
  const header = { typ: 'JWT', alg: 'ES256', kid: signer.kid };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(claims))}`;
  // JOSE wants the raw r||s signature, not DER.
  const sig = sign('sha256', Buffer.from(input), { key: signer.key, dsaEncoding: 'ieee-p1363' });
  return `${input}.${b64url(sig)}`;
}
