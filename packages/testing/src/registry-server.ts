import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCertificate } from './tls';

export type RegistryFlavour = 'plain' | 'tls-auth';

export interface RegistryServerOptions {
  flavour?: RegistryFlavour;
  /** Fixed port (default: a free random port on 127.0.0.1). */
  port?: number;
  /** Extra certificate names (for a registry addressed by an alias). */
  names?: string[];
}

export interface RegistryServer {
  /** `127.0.0.1:<port>` — the registry host as used in image references. */
  host: string;
  port: number;
  flavour: RegistryFlavour;
  /** `http://…` or `https://…` */
  url: string;
  username?: string;
  password?: string;
  /** PEM of the CA that signed the TLS certificate (tls flavours). */
  ca?: string;
  caPath?: string;
  /** The registry's storage folder (blobs, repositories). */
  storageDir: string;
  /** Restart the process on the same port and storage (after `kill()`). */
  restart(): Promise<void>;
  /** Kill the process (SIGKILL), keeping the storage: simulates a crash. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => running.forEach((c) => c.kill('SIGKILL')));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

function registryConfig(
  dir: string,
  port: number,
  tls?: { cert: string; key: string },
  htpasswd?: string,
): string {
  const lines = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${join(dir, 'data')}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: 127.0.0.1:${port}`,
    `  secret: ${randomBytes(16).toString('hex')}`,
  ];
  if (tls) lines.push('  tls:', `    certificate: ${tls.cert}`, `    key: ${tls.key}`);
  if (htpasswd)
    lines.push('auth:', '  htpasswd:', '    realm: zuul-ts-test', `    path: ${htpasswd}`);
  return lines.join('\n') + '\n';
}

function probe(url: string, ca?: string): Promise<number> {
  return new Promise((resolve) => {
    const get = url.startsWith('https') ? httpsGet : httpGet;
    const req = get(`${url}/v2/`, { ca, timeout: 1000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
  });
}

async function waitUntilServing(
  url: string,
  ca: string | undefined,
  child: ChildProcess,
  output: () => string,
): Promise<void> {
  const deadline = Date.now() + 15000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited: ${output()}`);
    const status = await probe(url, ca);
    if (status === 200 || status === 401) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`docker-registry did not start at ${url}: ${output()}`);
}

/**
 * Starts a real CNCF distribution (`docker-registry`) process on 127.0.0.1 with deletes
 * enabled. Each call gets its own storage, port and (for tls-auth) CA and password, so
 * test suites never share registry state.
 */
export async function startRegistry(options: RegistryServerOptions = {}): Promise<RegistryServer> {
  const flavour = options.flavour ?? 'plain';
  const dir = mkdtempSync(join(tmpdir(), 'zuul-ts-registry-'));
  const port = options.port ?? (await freePort());
  let tls: { cert: string; key: string } | undefined;
  let htpasswdPath: string | undefined;
  let username: string | undefined;
  let password: string | undefined;
  let ca: string | undefined;
  let caPath: string | undefined;
  if (flavour === 'tls-auth') {
    const cert = generateCertificate(options.names ?? []);
    tls = { cert: cert.certPath, key: cert.keyPath };
    ca = cert.ca;
    caPath = cert.caPath;
    username = 'zuul';
    password = randomBytes(12).toString('hex');
    htpasswdPath = join(dir, 'htpasswd');
    // bcrypt cost 4: distribution checks the hash on every request.
    const line = execFileSync('htpasswd', ['-nbB', '-C', '4', username, password])
      .toString()
      .trim();
    writeFileSync(htpasswdPath, line + '\n');
  }
  const configPath = join(dir, 'config.yml');
  writeFileSync(configPath, registryConfig(dir, port, tls, htpasswdPath));
  const url = `${tls ? 'https' : 'http'}://127.0.0.1:${port}`;

  let child: ChildProcess | undefined;
  const launch = async () => {
    let out = '';
    const c = spawn('docker-registry', ['serve', configPath], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    c.stdout?.on('data', (d) => (out = (out + d).slice(-4000)));
    c.stderr?.on('data', (d) => (out = (out + d).slice(-4000)));
    running.add(c);
    c.once('exit', () => running.delete(c));
    child = c;
    await waitUntilServing(url, ca, c, () => out);
  };
  const kill = async () => {
    const c = child;
    if (!c || c.exitCode !== null || c.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
  };
  await launch();
  return {
    host: `127.0.0.1:${port}`,
    port,
    flavour,
    url,
    username,
    password,
    ca,
    caPath,
    storageDir: join(dir, 'data'),
    restart: launch,
    kill,
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
