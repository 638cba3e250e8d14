import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { inspect } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  pushTestImage,
  startFaultProxy,
  startRegistry,
  startTokenRegistry,
  type RegistryServer,
  type TokenRegistry,
} from '@zuul-ts/testing';
import { RegistryClient, RegistryError, type RequestInfo } from '../src';

let plain: RegistryServer;
let secure: RegistryServer;
let tokenReg: TokenRegistry;

beforeAll(async () => {
  [plain, secure, tokenReg] = await Promise.all([
    startRegistry(),
    startRegistry({ flavour: 'tls-auth' }),
    startTokenRegistry(),
  ]);
});
afterAll(async () => {
  await Promise.all([plain.stop(), secure.stop(), tokenReg.stop()]);
});

const clients: RegistryClient[] = [];
afterEach(() => clients.splice(0).forEach((c) => c.close()));
function newClient(opts: ConstructorParameters<typeof RegistryClient>[0] = {}): RegistryClient {
  const c = new RegistryClient({ dockerConfigDir: emptyDir(), ...opts });
  clients.push(c);
  return c;
}
function emptyDir(): string {
  return mkdtempSync(join(tmpdir(), 'zuul-ts-dockercfg-'));
}
const secureCreds = () => [
  { registry: secure.host, username: secure.username!, password: secure.password! },
];

async function errorOf(p: Promise<unknown>): Promise<RegistryError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(RegistryError);
    return err as RegistryError;
  }
  throw new Error('expected a RegistryError');
}

test('copy of a multi-layer image across registries (plain -> tls+basic auth), digest verified', async () => {
  const requests: RequestInfo[] = [];
  const client = newClient({
    credentials: secureCreds(),
    ca: { [secure.host]: secure.ca! },
    onRequest: (r) => requests.push(r),
  });
  const img = await pushTestImage(client, `${plain.host}/x/multi:v1`, {
    layers: 4,
    layerSize: 300000,
  });
  const kinds: string[] = [];
  const d = await client.copy(`${plain.host}/x/multi:v1`, `${secure.host}/y/multi:v1`, {
    onProgress: (p) => kinds.push(p.kind),
  });
  expect(d).toBe(img.digest);
  expect(kinds.filter((k) => k === 'blob-upload')).toHaveLength(5);
  const got = await client.getManifest(`${secure.host}/y/multi:v1`);
  expect(got.digest).toBe(img.digest);
  for (const layer of img.layers)
    expect((await client.getBlob(`${secure.host}/y/multi`, layer.digest)).length).toBe(layer.size);
  // Back the other way, onto another tag: the same digest again.
  expect(await client.copy(`${secure.host}/y/multi:v1`, `${plain.host}/x/back:v1`)).toBe(
    img.digest,
  );
  // Basic auth: one ping per registry, never a 401 retry dance on every request.
  expect(requests.filter((r) => r.status === 401).length).toBeLessThanOrEqual(1);
});

test('wrong password: a clear 401 error that never contains the password', async () => {
  const bad = 'not-the-password-' + Math.random().toString(36).slice(2);
  const client = newClient({
    credentials: [{ registry: secure.host, username: 'zuul', password: bad }],
    ca: { [secure.host]: secure.ca! },
  });
  const err = await errorOf(client.headManifest(`${secure.host}/y/multi:v1`));
  expect(err.status).toBe(401);
  expect(err.message).toMatch(/authentication to 127\.0\.0\.1:\d+ failed/);
  expect(err.message).toContain('"zuul"');
  const everything = JSON.stringify({ ...err, message: err.message, stack: err.stack });
  expect(everything).not.toContain(bad);
  expect(everything).not.toContain(Buffer.from(`zuul:${bad}`).toString('base64'));
});

test('network failures with credentials in flight: nothing secret in the error, its cause or inspect()', async () => {
  const proxy = await startFaultProxy({ target: secure.url, ca: secure.ca });
  try {
    const client = newClient({
      credentials: [
        { registry: proxy.host, username: secure.username!, password: secure.password! },
      ],
      retry: { attempts: 2, baseDelayMs: 1, maxDelayMs: 2 },
    });
    await client.listTags(`${proxy.host}/y/multi`);
    for (const fault of [
      { type: 'reset' as const },
      { type: 'reset' as const, phase: 'mid-response' as const },
    ]) {
      proxy.setFaults([{ kind: 'manifest', fault }]);
      const err = await errorOf(client.getManifest(`${proxy.host}/y/multi:v1`));
      const text =
        inspect(err, { depth: 20, showHidden: true }) + JSON.stringify(err) + String(err.stack);
      expect(text).not.toContain(secure.password!);
      expect(text).not.toContain(
        Buffer.from(`${secure.username}:${secure.password}`).toString('base64'),
      );
      expect(text).not.toMatch(/authorization/i);
    }
  } finally {
    await proxy.stop();
  }
});

test('no credentials: 401 says none are configured', async () => {
  const client = newClient({ ca: { [secure.host]: secure.ca! } });
  const err = await errorOf(client.listTags(`${secure.host}/y/multi`));
  expect(err.status).toBe(401);
  expect(err.message).toContain('no credentials configured');
});

test('credentials from docker config.json auths', async () => {
  const dir = emptyDir();
  const auth = Buffer.from(`${secure.username}:${secure.password}`).toString('base64');
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({ auths: { [`https://${secure.host}/v1/`]: { auth } } }),
  );
  const client = newClient({ dockerConfigDir: dir, ca: { [secure.host]: secure.ca! } });
  const img = await pushTestImage(client, `${secure.host}/cfg/auths:v1`);
  expect((await client.headManifest(`${secure.host}/cfg/auths:v1`))?.digest).toBe(img.digest);
});

test('credentials from a docker-credential-test helper (credHelpers and credsStore)', async () => {
  const bin = emptyDir();
  const log = join(bin, 'asked');
  const script = join(bin, 'docker-credential-test');
  writeFileSync(
    script,
    `#!/bin/sh
[ "$1" = get ] || exit 1
read -r server
echo "$server" >> ${JSON.stringify(log)}
if [ "$server" = ${JSON.stringify(secure.host)} ]; then
  printf '{"ServerURL":"%s","Username":"%s","Secret":"%s"}' "$server" ${JSON.stringify(secure.username)} ${JSON.stringify(secure.password)}
else
  echo "credentials not found in native keychain"; exit 1
fi
`,
  );
  chmodSync(script, 0o755);
  const oldPath = process.env.PATH;
  process.env.PATH = `${bin}:${oldPath}`;
  try {
    for (const cfg of [{ credHelpers: { [secure.host]: 'test' } }, { credsStore: 'test' }]) {
      const dir = emptyDir();
      writeFileSync(join(dir, 'config.json'), JSON.stringify(cfg));
      const client = newClient({ dockerConfigDir: dir, ca: { [secure.host]: secure.ca! } });
      await pushTestImage(client, `${secure.host}/cfg/helper:v1`);
      expect(await client.listTags(`${secure.host}/cfg/helper`)).toEqual(['v1']);
      // "not found" from the helper means anonymous, not an error.
      expect(await client.listTags(`${plain.host}/cfg/none`)).toEqual([]);
    }
    expect(readFileSync(log, 'utf8')).toContain(`${secure.host}\n`);
  } finally {
    process.env.PATH = oldPath;
  }
});

test('explicit credentials win over docker config.json', async () => {
  const dir = emptyDir();
  const wrong = Buffer.from(`zuul:wrong`).toString('base64');
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({ auths: { [secure.host]: { auth: wrong } } }),
  );
  const client = newClient({
    dockerConfigDir: dir,
    credentials: secureCreds(),
    ca: { [secure.host]: secure.ca! },
  });
  await expect(client.listTags(`${secure.host}/cfg/auths`)).resolves.toEqual(['v1']);
});

test('Bearer token flow against a token-auth registry: one token per scope set, reused', async () => {
  const requests: RequestInfo[] = [];
  const client = newClient({
    credentials: [
      { registry: tokenReg.host, username: tokenReg.username, password: tokenReg.password },
    ],
    ca: { [tokenReg.host]: tokenReg.ca },
    onRequest: (r) => requests.push(r),
  });
  const repo = `${tokenReg.host}/tok/img`;
  const img = await pushTestImage(client, `${repo}:a`, { layers: 2 });
  for (let i = 0; i < 5; i++) await client.retag(repo, 'a', `b${i}`);
  expect((await client.headManifest(`${repo}:b4`))?.digest).toBe(img.digest);
  const tokenFetches = requests.filter((r) => r.url.startsWith(tokenReg.token.realm));
  // pull,push for the pushes and pull for HEAD/GET: a handful of tokens, not one per request.
  expect(tokenFetches.length).toBeGreaterThan(0);
  expect(tokenFetches.length).toBeLessThanOrEqual(3);
  expect(requests.filter((r) => r.status === 401).length).toBeLessThanOrEqual(1);
  await expect(client.deleteTag(`${repo}:b0`)).resolves.toBe(true);
  expect((await client.listTags(repo)).sort()).toEqual(['a', 'b1', 'b2', 'b3', 'b4']);
});

test('Bearer: copy between repositories of a token registry mounts (pull on source + push on target)', async () => {
  const client = newClient({
    credentials: [
      { registry: tokenReg.host, username: tokenReg.username, password: tokenReg.password },
    ],
    ca: { [tokenReg.host]: tokenReg.ca },
  });
  const img = await pushTestImage(client, `${tokenReg.host}/tok/src:v1`, { layers: 2 });
  const kinds: string[] = [];
  const d = await client.copy(`${tokenReg.host}/tok/src:v1`, `${tokenReg.host}/tok/dst:v1`, {
    onProgress: (p) => kinds.push(p.kind),
  });
  expect(d).toBe(img.digest);
  expect(kinds.filter((k) => k.startsWith('blob'))).toEqual([
    'blob-mount',
    'blob-mount',
    'blob-mount',
  ]);
  const scopes = tokenReg.token.requests().flatMap((r) => r.scopes);
  expect(scopes).toEqual(
    expect.arrayContaining(['repository:tok/src:pull', 'repository:tok/dst:pull,push']),
  );
});

test('Bearer with an identity token (OAuth refresh grant, docker config identitytoken)', async () => {
  const basic = Buffer.from(`${tokenReg.username}:${tokenReg.password}`).toString('base64');
  const res = await fetch(
    `${tokenReg.token.realm}?service=${encodeURIComponent(tokenReg.token.service)}&offline_token=true&client_id=test&scope=repository:tok/id:pull,push`,
    { headers: { authorization: `Basic ${basic}` } },
  );
  const refresh = ((await res.json()) as { refresh_token: string }).refresh_token;
  expect(refresh).toBeTruthy();
  const dir = emptyDir();
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({ auths: { [tokenReg.host]: { identitytoken: refresh } } }),
  );
  const client = newClient({ dockerConfigDir: dir, ca: { [tokenReg.host]: tokenReg.ca } });
  const img = await pushTestImage(client, `${tokenReg.host}/tok/id:v1`);
  expect((await client.headManifest(`${tokenReg.host}/tok/id:v1`))?.digest).toBe(img.digest);
  const posts = tokenReg.token.requests().filter((r) => r.method === 'POST');
  expect(posts.length).toBeGreaterThan(0);
  expect(posts.every((r) => r.status === 200)).toBe(true);
});

test('Bearer: an action the token server does not grant fails clearly, naming the scope', async () => {
  const readOnly = await startTokenRegistry({
    policy: (user, entry) => (user ? entry.actions.filter((a) => a === 'pull') : []),
  });
  try {
    const client = newClient({
      credentials: [
        { registry: readOnly.host, username: readOnly.username, password: readOnly.password },
      ],
      ca: { [readOnly.host]: readOnly.ca },
    });
    expect(await client.listTags(`${readOnly.host}/ro/img`)).toEqual([]);
    const err = await errorOf(client.pushBlob(`${readOnly.host}/ro/img`, Buffer.from('data')));
    expect(err.status).toBe(401);
    expect(err.message).toContain('does not grant repository:ro/img:pull,push');
    expect(err.message).not.toContain(readOnly.password);
  } finally {
    await readOnly.stop();
  }
});

test('Bearer with a wrong password: clear error without the password', async () => {
  const bad = 'bad-' + Math.random().toString(36).slice(2);
  const client = newClient({
    credentials: [{ registry: tokenReg.host, username: tokenReg.username, password: bad }],
    ca: { [tokenReg.host]: tokenReg.ca },
  });
  const err = await errorOf(client.headManifest(`${tokenReg.host}/tok/img:a`));
  expect(err.message).toMatch(/token request for 127\.0\.0\.1:\d+ failed: HTTP 401/);
  expect(JSON.stringify({ ...err, m: err.message })).not.toContain(bad);
});

test('an unknown CA is refused with a clear error', async () => {
  const client = newClient({ credentials: secureCreds() });
  const err = await errorOf(client.headManifest(`${secure.host}/y/multi:v1`));
  expect(err.message).toMatch(/TLS certificate of 127\.0\.0\.1:\d+ is not trusted/);
  expect(err.message).toContain("'ca'");
  // Another registry's CA does not help either.
  const other = newClient({ credentials: secureCreds(), ca: { [secure.host]: tokenReg.ca } });
  await expect(other.headManifest(`${secure.host}/y/multi:v1`)).rejects.toThrow(/not trusted/);
});

test('plain HTTP to a non-loopback host is refused before any connection', async () => {
  const requests: RequestInfo[] = [];
  const client = newClient({
    endpoints: { 'registry.example.test:5000': 'http://registry.example.test:5000' },
    onRequest: (r) => requests.push(r),
  });
  await expect(client.headManifest('registry.example.test:5000/a/b:c')).rejects.toThrow(
    /refusing plain HTTP to registry\.example\.test:5000/,
  );
  expect(requests).toEqual([]);
  // Listed as insecure it would be attempted; loopback is always allowed over HTTP.
  const loop = newClient({ endpoints: { 'mirror.example.test': plain.url } });
  await expect(loop.listTags('mirror.example.test/x/multi')).resolves.toEqual(['v1']);
});
