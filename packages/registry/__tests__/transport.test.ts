import {
  buildTestImage,
  pushTestImage,
  pushTestIndex,
  sendJson,
  startFakeApi,
  startFaultProxy,
  startRegistry,
  type FakeApiServer,
  type RegistryServer,
} from '@zuul-ts/testing';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { RegistryClient, RegistryError, mediaTypes, parseReference, sha256 } from '../src';

let reg: RegistryServer;
const clients: RegistryClient[] = [];
const servers: FakeApiServer[] = [];

beforeAll(async () => {
  reg = await startRegistry();
});
afterAll(async () => {
  await reg.stop();
});
afterEach(async () => {
  clients.splice(0).forEach((c) => c.close());
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});
function client(opts: ConstructorParameters<typeof RegistryClient>[0] = {}): RegistryClient {
  const c = new RegistryClient(opts);
  clients.push(c);
  return c;
}

/** A registry front whose blob GETs redirect to object storage on another host (as S3/CDN setups do). */
async function redirectingRegistry(content: Buffer, served: Buffer) {
  const digest = sha256(content);
  const storage = await startFakeApi((req, res) => {
    res.writeHead(200, {
      'content-length': served.length,
      'content-type': 'application/octet-stream',
    });
    res.end(served);
  });
  const auth = 'Basic ' + Buffer.from('u:secret-pw').toString('base64');
  const front = await startFakeApi((req, res) => {
    if (req.headers.authorization !== auth) {
      res.setHeader('www-authenticate', 'Basic realm="front"');
      return sendJson(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'auth' }] });
    }
    if (req.path === '/v2/') return sendJson(res, 200, {});
    if (req.path === `/v2/r/blobs/${digest}`) {
      // localhost vs 127.0.0.1 and another port: a different host.
      res.writeHead(307, {
        location: `${storage.url.replace('127.0.0.1', 'localhost')}/data/${digest}?sig=x`,
      });
      return res.end();
    }
    sendJson(res, 404, { errors: [{ code: 'BLOB_UNKNOWN', message: 'no' }] });
  });
  servers.push(storage, front);
  const c = client({
    credentials: [{ registry: new URL(front.url).host, username: 'u', password: 'secret-pw' }],
  });
  return { storage, front, digest, c, host: new URL(front.url).host };
}

test('blob GET redirects to another host are followed without Authorization', async () => {
  const content = Buffer.from('layer content '.repeat(1000));
  const { storage, front, digest, c, host } = await redirectingRegistry(content, content);
  const got = await c.getBlob(`${host}/r`, digest);
  expect(got.equals(content)).toBe(true);
  expect(front.requests.filter((r) => r.path.includes('/blobs/'))[0].headers.authorization).toMatch(
    /^Basic /,
  );
  expect(storage.requests).toHaveLength(1);
  expect(storage.requests[0].headers.authorization).toBeUndefined();
  expect(storage.requests[0].query.get('sig')).toBe('x');
  // Streamed into a real registry (cross-registry copy path): verified on the fly.
  const dst = client();
  const stream = await c.blobs.stream({ registry: host, repository: 'r' }, digest, content.length);
  await dst.blobs.upload(
    { registry: reg.host, repository: 'redirected/blob' },
    digest,
    content.length,
    () => stream,
    false,
  );
  expect(await dst.headBlob(`${reg.host}/redirected/blob`, digest)).toBe(content.length);
});

test('content that does not match its digest is rejected and never lands', async () => {
  const content = Buffer.from('the real layer');
  const evil = Buffer.from('the evil layer');
  const { digest, c, host } = await redirectingRegistry(content, evil);
  await expect(c.getBlob(`${host}/r`, digest)).rejects.toThrow(/digest mismatch/);
  const dst = client();
  const stream = await c.blobs.stream({ registry: host, repository: 'r' }, digest, content.length);
  await expect(
    dst.blobs.upload(
      { registry: reg.host, repository: 'redirected/evil' },
      digest,
      content.length,
      () => stream,
      false,
    ),
  ).rejects.toThrow();
  expect(await dst.headBlob(`${reg.host}/redirected/evil`, digest)).toBeUndefined();
});

test('a request timeout names the request', async () => {
  const c0 = client();
  await pushTestImage(c0, `${reg.host}/slow/img:v1`);
  const proxy = await startFaultProxy({ target: reg.url });
  try {
    // Generous timeout for a loaded machine; only the delayed manifest request exceeds it.
    const c = client({ timeoutMs: 1000, retry: { attempts: 1 } });
    await c.listTags(`${proxy.host}/slow/img`);
    proxy.setFaults([{ kind: 'manifest', fault: { type: 'delay', ms: 2500 } }]);
    const err = await c
      .getManifest(`${proxy.host}/slow/img:v1`)
      .catch((e: unknown) => e as RegistryError);
    expect(err).toBeInstanceOf(RegistryError);
    expect(err.message).toContain(`GET manifest ${proxy.host}/slow/img:v1`);
    expect(err.message).toContain('timed out after 1000 ms');
    expect(err.temporary).toBe(true);
  } finally {
    await proxy.stop();
  }
});

test('copy of one platform of an index (allPlatforms: false) and of a Docker schema 2 image', async () => {
  const c = client();
  const idx = await pushTestIndex(c, `${reg.host}/plat/idx:v1`, [
    { os: 'linux', architecture: 'amd64' },
    { os: 'linux', architecture: 'arm64', variant: 'v8' },
  ]);
  const arm = idx.children.find((x) => x.platform.architecture === 'arm64')!;
  const d = await c.copy(`${reg.host}/plat/idx:v1`, `${reg.host}/plat/arm:v1`, {
    allPlatforms: false,
    platform: { architecture: 'arm64' },
  });
  expect(d).toBe(arm.digest);
  expect((await c.getManifest(`${reg.host}/plat/arm:v1`)).mediaType).toBe(mediaTypes.OCI_MANIFEST);
  // The whole index by default, into a repository without any of it yet.
  expect(await c.copy(`${reg.host}/plat/idx:v1`, `${reg.host}/plat/all:v1`)).toBe(idx.digest);
  for (const child of idx.children)
    expect((await c.headManifest(`${reg.host}/plat/all@${child.digest}`))?.digest).toBe(
      child.digest,
    );
  const docker = await pushTestImage(c, `${reg.host}/plat/docker:v1`, { docker: true, layers: 2 });
  expect(await c.copy(`${reg.host}/plat/docker:v1`, `${reg.host}/plat/docker2:v1`)).toBe(
    docker.digest,
  );
  expect((await c.headManifest(`${reg.host}/plat/docker2:v1`))?.mediaType).toBe(
    mediaTypes.DOCKER_MANIFEST,
  );
});

test('putIndex over pushed images, getImageConfig picks the platform', async () => {
  const c = client();
  const a = buildTestImage({ architecture: 'amd64', labels: { which: 'amd' } });
  const b = buildTestImage({ architecture: 'arm64', labels: { which: 'arm' } });
  for (const img of [a, b]) {
    for (const blob of img.blobs) await c.pushBlob(`${reg.host}/multi/idx`, blob);
    await c.putManifest(
      `${reg.host}/multi/idx@${img.image.digest}`,
      img.image.manifestBytes,
      img.image.mediaType,
    );
  }
  const digest = await c.putIndex(`${reg.host}/multi/idx:latest`, [
    { ...a.image, platform: { os: 'linux', architecture: 'amd64' } },
    { ...b.image, platform: { os: 'linux', architecture: 'arm64' } },
  ]);
  expect((await c.headManifest(`${reg.host}/multi/idx:latest`))?.digest).toBe(digest);
  expect((await c.getImageConfig(`${reg.host}/multi/idx:latest`)).config?.Labels?.which).toBe(
    'amd',
  );
  expect(
    (await c.getImageConfig(`${reg.host}/multi/idx:latest`, { architecture: 'arm64' })).config
      ?.Labels?.which,
  ).toBe('arm');
  await expect(
    c.getImageConfig(`${reg.host}/multi/idx:latest`, { architecture: 's390x' }),
  ).rejects.toThrow(/no manifest for platform/);
});

test('an IPv6 literal registry ([::1]:port) over loopback HTTP', async () => {
  // A TCP forwarder on ::1 in front of the real registry (the launcher binds 127.0.0.1).
  const target = new URL(reg.url);
  const sockets = new Set<Socket>();
  const fwd = createServer((sock) => {
    const up = connect(Number(target.port), target.hostname);
    sockets.add(sock).add(up);
    sock.pipe(up).pipe(sock);
    up.on('error', () => sock.destroy());
    sock.on('error', () => up.destroy());
  });
  await new Promise<void>((r) => fwd.listen(0, '::1', r));
  try {
    const host = `[::1]:${(fwd.address() as AddressInfo).port}`;
    expect(parseReference(`${host}/v6/img:v1`)).toEqual({
      registry: host,
      repository: 'v6/img',
      tag: 'v1',
    });
    const c = client();
    const img = await pushTestImage(c, `${host}/v6/img:v1`, { layers: 2 });
    expect(await c.retag(`${host}/v6/img`, 'v1', 'v2')).toBe(img.digest);
    expect(await c.copy(`${host}/v6/img:v1`, `${host}/v6/copy:v1`)).toBe(img.digest);
    expect((await c.listTags(`${host}/v6/img`)).sort()).toEqual(['v1', 'v2']);
  } finally {
    sockets.forEach((x) => x.destroy());
    await new Promise<void>((r) => fwd.close(() => r()));
  }
});

test('Docker Hub names (docker.io, library/) through an endpoint; retag HEADs first there', async () => {
  const requests: { method: string; url: string }[] = [];
  const c = client({ endpoints: { 'docker.io': reg.url }, onRequest: (r) => requests.push(r) });
  const img = await pushTestImage(c, 'busybox:change_1_latest');
  expect((await c.headManifest(`${reg.host}/library/busybox:change_1_latest`))?.digest).toBe(
    img.digest,
  );
  requests.length = 0;
  expect(await c.retag('docker.io/busybox', 'change_1_latest', 'latest')).toBe(img.digest);
  // HEAD is free on Docker Hub and GET counts as a pull: HEAD both, then GET by digest.
  expect(requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual(
    expect.arrayContaining([
      'HEAD /v2/library/busybox/manifests/change_1_latest',
      'HEAD /v2/library/busybox/manifests/latest',
      `GET /v2/library/busybox/manifests/${img.digest}`,
      'PUT /v2/library/busybox/manifests/latest',
    ]),
  );
  expect(requests).toHaveLength(4);
  requests.length = 0;
  await c.retag('docker.io/busybox', 'change_1_latest', 'latest');
  expect(requests.map((r) => r.method)).toEqual(['HEAD', 'HEAD']);
});

test('at most `concurrency` requests in flight per registry host', async () => {
  let inFlight = 0;
  let peak = 0;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const fake = await startFakeApi(async (req, res) => {
    if (req.path === '/v2/') return sendJson(res, 200, {});
    inFlight++;
    peak = Math.max(peak, inFlight);
    if (inFlight >= 3) release();
    await gate;
    inFlight--;
    res.writeHead(404);
    res.end();
  });
  servers.push(fake);
  const c = client({ concurrency: 3 });
  const host = new URL(fake.url).host;
  const heads = await Promise.all(
    Array.from({ length: 20 }, (_, i) => c.headManifest(`${host}/a/b:t${i}`)),
  );
  expect(heads.every((h) => h === undefined)).toBe(true);
  expect(peak).toBe(3);
});
