import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchLocalRegistry } from '@zuul-ts/registry';
import { GrantPolicy } from './scopes';
import { startTokenServer, TokenServer } from './server';

export interface TokenRegistryOptions {
  /** Who may do what (default: the user gets all it asks for, anonymous nothing). */
  policy?: GrantPolicy;
  /** Token lifetime in seconds (default 300). */
  expiresIn?: number;
  /** Extra certificate names for the registry. */
  names?: string[];
  /** Fixed registry port (default: a free one). */
  port?: number;
}

/** A real docker-registry (TLS, generated CA) that requires Bearer tokens from `token`. */
export interface TokenRegistry {
  host: string;
  port: number;
  flavour: 'tls-token';
  url: string;
  /** Credentials for the token endpoint (what `docker login` would be given). */
  username: string;
  password: string;
  ca: string;
  caPath: string;
  storageDir: string;
  token: TokenServer;
  restart(): Promise<void>;
  kill(): Promise<void>;
  stop(): Promise<void>;
}

/** distribution 2.8 `auth.token` section (docs/configuration.md). */
function tokenAuthConfig(token: TokenServer): string {
  return [
    'auth:',
    '  token:',
    `    realm: ${JSON.stringify(token.realm)}`,
    `    service: ${JSON.stringify(token.service)}`,
    `    issuer: ${JSON.stringify(token.issuer)}`,
    `    rootcertbundle: ${JSON.stringify(token.certPath)}`,
    '',
  ].join('\n');
}

/**
 * Starts a token server and a TLS docker-registry configured for it, so the Bearer flow
 * (challenge, realm, scopes, JWT verification) is exercised against the real registry.
 * The registry launcher has no token option, so it is started with TLS only, stopped, given
 * the `auth.token` section and started again on the same port and storage.
 */
export async function startTokenRegistry(
  options: TokenRegistryOptions = {},
): Promise<TokenRegistry> {
  const username = 'zuul';
  const password = randomBytes(18).toString('base64url');
  const token = await startTokenServer({
    users: { [username]: password },
    policy: options.policy,
    expiresIn: options.expiresIn,
  });
  const dir = mkdtempSync(join(tmpdir(), 'zuul-ts-registry-'));
  try {
    const r = await launchLocalRegistry({
      dir,
      port: options.port,
      tls: { names: options.names ?? [], days: 3 },
    });
    await r.kill();
    appendFileSync(join(dir, 'config.yml'), tokenAuthConfig(token));
    await r.restart();
    return {
      host: r.host,
      port: r.port,
      flavour: 'tls-token',
      url: r.url,
      username,
      password,
      ca: r.ca as string,
      caPath: r.caPath as string,
      storageDir: r.storageDir,
      token,
      restart: r.restart,
      kill: r.kill,
      async stop() {
        await r.stop();
        await token.stop();
      },
    };
  } catch (e) {
    await token.stop();
    throw e;
  }
}
