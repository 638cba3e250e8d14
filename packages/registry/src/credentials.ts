import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DOCKER_HUB, normaliseRegistry } from './reference';
import type { Credential, CredentialStore } from './types';

/** Key docker/cli uses for Docker Hub in config.json and with credential helpers. */
export const DOCKER_HUB_AUTH_KEY = 'https://index.docker.io/v1/';

/** Explicit credentials (job secrets); they always win over the docker config. */
export class StaticCredentialStore implements CredentialStore {
  private readonly byHost = new Map<string, Credential>();
  constructor(credentials: Credential[]) {
    for (const c of credentials) this.byHost.set(normaliseRegistry(c.registry), c);
  }
  async get(registry: string): Promise<Credential | undefined> {
    return this.byHost.get(normaliseRegistry(registry));
  }
}

/** First store that has an answer wins. */
export class ChainCredentialStore implements CredentialStore {
  constructor(private readonly stores: CredentialStore[]) {}
  async get(registry: string): Promise<Credential | undefined> {
    for (const s of this.stores) {
      const c = await s.get(registry);
      if (c) return c;
    }
    return undefined;
  }
}

interface DockerConfigFile {
  auths?: Record<
    string,
    {
      auth?: string;
      username?: string;
      password?: string;
      identitytoken?: string;
      registrytoken?: string;
    }
  >;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

const NOT_FOUND = 'credentials not found in native keychain';

/** Runs `docker-credential-<helper> get` (no shell, timeout); stdout is never logged. */
export function runCredentialHelper(
  helper: string,
  serverUrl: string,
  timeoutMs = 30000,
): Promise<{ Username?: string; Secret?: string } | undefined> {
  if (!/^[a-zA-Z0-9._-]+$/.test(helper))
    return Promise.reject(new Error(`invalid credential helper name "${helper}"`));
  return new Promise((resolve, reject) => {
    const child = execFile(
      `docker-credential-${helper}`,
      ['get'],
      { timeout: timeoutMs, maxBuffer: 1 << 20, env: process.env },
      (err, stdout) => {
        const out = String(stdout ?? '').trim();
        if (err) {
          if (out.includes(NOT_FOUND)) return resolve(undefined);
          // The helper prints its error on stdout, which may echo secrets: report only the exit.
          const code = (err as NodeJS.ErrnoException).code;
          return reject(
            new Error(
              `credential helper docker-credential-${helper} failed for ${serverUrl}` +
                (code === 'ENOENT' ? ': not found on PATH' : ` (exit ${String(code ?? 'signal')})`),
            ),
          );
        }
        try {
          resolve(JSON.parse(out) as { Username?: string; Secret?: string });
        } catch {
          reject(new Error(`credential helper docker-credential-${helper} returned invalid JSON`));
        }
      },
    );
    child.stdin?.end(serverUrl);
  });
}

function decodeAuth(auth: string): { username: string; password: string } | undefined {
  const text = Buffer.from(auth, 'base64').toString('utf8');
  const i = text.indexOf(':');
  if (i < 0) return undefined;
  // docker/cli trims NUL bytes from the password.
  return { username: text.slice(0, i), password: text.slice(i + 1).replace(/\0+$/, '') };
}

/**
 * `~/.docker/config.json` (or `$DOCKER_CONFIG/config.json`): lookup order for a host is
 * `credHelpers[host]` -> `credsStore` -> `auths[host]` (docker/cli `configfile/file.go`).
 */
export class DockerConfigCredentialStore implements CredentialStore {
  private config?: Promise<DockerConfigFile>;
  constructor(private readonly dir?: string) {}

  private load(): Promise<DockerConfigFile> {
    const dir = this.dir ?? process.env.DOCKER_CONFIG ?? join(homedir(), '.docker');
    this.config ??= readFile(join(dir, 'config.json'), 'utf8').then(
      (t) => JSON.parse(t) as DockerConfigFile,
      () => ({}),
    );
    return this.config;
  }

  async get(registry: string): Promise<Credential | undefined> {
    const host = normaliseRegistry(registry);
    const cfg = await this.load();
    const serverUrl = host === DOCKER_HUB ? DOCKER_HUB_AUTH_KEY : host;
    let helper: string | undefined;
    for (const [k, v] of Object.entries(cfg.credHelpers ?? {}))
      if (normaliseRegistry(k) === host) helper = v;
    helper ??= cfg.credsStore;
    if (helper) {
      const got = await runCredentialHelper(helper, serverUrl);
      if (got?.Secret) {
        // docker/cli native_store.go: user "<token>" means the secret is an identity token.
        if (got.Username === '<token>') return { registry: host, identityToken: got.Secret };
        return { registry: host, username: got.Username, password: got.Secret };
      }
    }
    for (const [k, v] of Object.entries(cfg.auths ?? {})) {
      if (normaliseRegistry(k) !== host) continue;
      if (v.identitytoken) return { registry: host, identityToken: v.identitytoken };
      if (v.registrytoken) return { registry: host, registryToken: v.registrytoken };
      if (v.auth) {
        const d = decodeAuth(v.auth);
        if (d) return { registry: host, ...d };
      }
      if (v.username !== undefined && v.password !== undefined)
        return { registry: host, username: v.username, password: v.password };
    }
    return undefined;
  }
}

export function createCredentialStore(
  credentials: CredentialStore | Credential[] | undefined,
  dockerConfigDir?: string,
): CredentialStore {
  const docker = new DockerConfigCredentialStore(dockerConfigDir);
  if (!credentials) return docker;
  if (Array.isArray(credentials))
    return new ChainCredentialStore([new StaticCredentialStore(credentials), docker]);
  return credentials;
}
