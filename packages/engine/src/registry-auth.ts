import type { RegistryAuth } from './types';

/**
 * X-Registry-Auth value: base64url WITH padding (Go `base64.URLEncoding`, oci-distribution.md
 * §13). Node's `base64url` drops the padding, which the daemon's decoder rejects.
 */
export function encodeRegistryAuth(auth: RegistryAuth | undefined): string {
  const body: Record<string, string> = {};
  if (auth) {
    if (auth.identitytoken) body.identitytoken = auth.identitytoken;
    if (auth.username !== undefined) body.username = auth.username;
    if (auth.password !== undefined) body.password = auth.password;
    body.serveraddress = auth.serveraddress;
  }
  return Buffer.from(JSON.stringify(body), 'utf8')
    .toString('base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}
