/**
 * The one launcher of local CNCF distribution (`docker-registry`) processes: used by
 * run-buildset-registry (detached, outlives the CLI) and by `@zuul-ts/testing` (attached, one
 * per test suite). Each registry lives in its own folder: config, TLS files, htpasswd,
 * storage, pid file and log.
 */
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { renderRegistryConfig } from './config';
import { writeHtpasswd } from './htpasswd';
import {
  isRegistryProcess,
  RegistryProcess,
  spawnAttached,
  spawnDetached,
  terminate,
} from './process';
import { freePort, waitUntilServing } from './probe';
import { generateCertificate } from './tls';

export { generateCertificate, type GeneratedCertificate, type CertificateOptions } from './tls';
export { freePort, probeRegistry } from './probe';

export interface LocalRegistryOptions {
  /** The registry's own folder (created 0700). */
  dir: string;
  /** Fixed port (default: a free port). */
  port?: number;
  /** `loopback` (default): 127.0.0.1 only; `all`: every address, IPv4 and IPv6. */
  listen?: 'loopback' | 'all';
  /** Serve TLS with a freshly generated CA; `names` are extra certificate SANs. */
  tls?: { names?: string[]; days?: number };
  /** Require HTTP Basic auth (htpasswd) for one user with a random password. */
  auth?: { username?: string; realm?: string };
  /** Run in its own session with a pid file, surviving the calling process. */
  detached?: boolean;
  /** The distribution binary (default `docker-registry`, Debian's name; upstream calls it `registry`). */
  binary?: string;
}

export interface LocalRegistry {
  /** `127.0.0.1:<port>`: the address this machine reaches it at. */
  host: string;
  port: number;
  /** `http://…` or `https://…` on 127.0.0.1. */
  url: string;
  username?: string;
  password?: string;
  /** PEM of the CA that signed the TLS certificate. */
  ca?: string;
  caPath?: string;
  dir: string;
  storageDir: string;
  pid: number;
  /** Pid file (detached registries only). */
  pidFile?: string;
  /** Start the process again on the same port, storage and credentials (after `kill()`). */
  restart(): Promise<void>;
  /** SIGKILL, keeping the folder: simulates a crash. */
  kill(): Promise<void>;
  /** Stop the process and delete its folder. */
  stop(): Promise<void>;
}

const CONFIG = 'config.yml';
const PID = 'registry.pid';

/** Random password: 24 bytes, URL-safe, never written anywhere except hashed into htpasswd. */
function randomPassword(): string {
  return randomBytes(24).toString('base64url');
}

export async function launchLocalRegistry(options: LocalRegistryOptions): Promise<LocalRegistry> {
  const dir = options.dir;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const port = options.port ?? (await freePort());
  const storageDir = join(dir, 'data');
  const configPath = join(dir, CONFIG);
  const pidPath = join(dir, PID);
  if (options.detached) {
    const running = runningPid(dir);
    if (running !== undefined)
      throw new Error(`a registry is already running from ${dir} (pid ${running})`);
  }
  const tls = options.tls ? generateCertificate(join(dir, 'tls'), options.tls) : undefined;
  let username: string | undefined;
  let password: string | undefined;
  let htpasswd: string | undefined;
  if (options.auth) {
    username = options.auth.username ?? 'zuul';
    password = randomPassword();
    mkdirSync(join(dir, 'auth'), { recursive: true, mode: 0o700 });
    htpasswd = join(dir, 'auth', 'htpasswd');
    writeHtpasswd(htpasswd, username, password);
  }
  const addr = options.listen === 'all' ? `:${port}` : `127.0.0.1:${port}`;
  writeFileSync(
    configPath,
    renderRegistryConfig({
      storageDir,
      addr,
      tls: tls && { cert: tls.certPath, key: tls.keyPath },
      htpasswd,
      realm: options.auth?.realm,
    }),
    { mode: 0o600 },
  );
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;
  let proc: RegistryProcess | undefined;
  const launch = async () => {
    const p = options.detached
      ? spawnDetached(configPath, join(dir, 'registry.log'), pidPath, options.binary)
      : spawnAttached(configPath, options.binary);
    proc = p;
    try {
      await waitUntilServing(url, tls?.ca, p.exited);
    } catch (e) {
      await p.kill();
      throw e;
    }
  };
  await launch();
  const registry: LocalRegistry = {
    host: `127.0.0.1:${port}`,
    port,
    url,
    username,
    password,
    ca: tls?.ca,
    caPath: tls?.caPath,
    dir,
    storageDir,
    get pid() {
      return proc?.pid ?? -1;
    },
    pidFile: options.detached ? pidPath : undefined,
    restart: launch,
    kill: async () => {
      await proc?.kill();
    },
    stop: async () => {
      await proc?.kill();
      removeRegistryFiles(dir);
    },
  };
  return registry;
}

/** Pid of the detached registry running from `dir`, if any (a stale pid file is ignored). */
export function runningPid(dir: string): number | undefined {
  const pidPath = join(dir, PID);
  if (!existsSync(pidPath)) return undefined;
  const pid = Number(readFileSync(pidPath, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  // Only a docker-registry serving this folder's config counts: a recycled pid is not ours.
  return isRegistryProcess(pid, join(dir, CONFIG)) ? pid : undefined;
}

/**
 * Stops the detached registry started from `dir` (SIGTERM, then SIGKILL after 30 s) and
 * removes its pid file. Resolves to false when none was running. `removeDir` also deletes the
 * folder (storage, TLS files, htpasswd).
 */
export async function stopLocalRegistry(
  dir: string,
  options: { removeDir?: boolean } = {},
): Promise<boolean> {
  const pid = runningPid(dir);
  const stopped = pid !== undefined && (await terminate(pid, join(dir, CONFIG)));
  rmSync(join(dir, PID), { force: true });
  if (options.removeDir) removeRegistryFiles(dir);
  return stopped;
}

/** What the launcher creates in a registry folder. */
const OWN_ENTRIES = [CONFIG, PID, 'registry.log', 'tls', 'auth', 'data'];

/**
 * Deletes only what the launcher created in `dir`, then `dir` itself if that left it empty: a
 * mistyped folder (a home directory…) loses nothing else.
 */
export function removeRegistryFiles(dir: string): void {
  for (const e of OWN_ENTRIES) rmSync(join(dir, e), { recursive: true, force: true });
  try {
    if (readdirSync(dir).length === 0) rmdirSync(dir);
  } catch {
    // already gone
  }
}
