import type { RegistryAuth } from './types';

/**
 * X-Registry-Auth value: base64url WITH padding (Go `base64.URLEncoding`,
 * https://github.com/moby/moby/blob/master/registry/auth.go). Node's `base64url` drops the padding, which the daemon's decoder rejects.
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

/**
 * X-Registry-Config for `POST /build`: base64url (with padding) of `{"<host>": AuthConfig}`.
 * docker-modem would encode an object with standard base64, which dockerd's URL-safe decoder
 * rejects silently (apocas/docker-modem#194): pre-encode it.
 */
export function encodeRegistryConfig(auths: RegistryAuth[]): string {
  const map = Object.fromEntries(
    auths.map((a) => [
      a.serveraddress,
      { username: a.username, password: a.password, serveraddress: a.serveraddress },
    ]),
  );
  return Buffer.from(JSON.stringify(map), 'utf8')
    .toString('base64')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}
