import {
  pushTestImage,
  pushTestIndex,
  sendJson,
  startFakeApi,
  startRegistry,
  type RegistryServer,
} from '@zuul-ts/testing';
import { RegistryClient, mediaTypes, sha256, type RequestInfo } from '../src';

let reg: RegistryServer;
let requests: RequestInfo[];
let client: RegistryClient;

beforeAll(async () => {
  reg = await startRegistry();
});
afterAll(async () => {
  client?.close();
  await reg.stop();
});
beforeEach(() => {
  requests = [];
  client?.close();
  client = new RegistryClient({ onRequest: (r) => requests.push(r) });
});

const blobRequests = () => requests.filter((r) => /\/blobs\//.test(r.url));

test('HEAD/GET/PUT manifest keep exact bytes, media type and digest', async () => {
  const img = await pushTestImage(client, `${reg.host}/core/manifest:v1`, { layers: 2, seed: 1 });
  const head = await client.headManifest(`${reg.host}/core/manifest:v1`);
  expect(head).toEqual({ digest: img.digest, mediaType: mediaTypes.OCI_MANIFEST, size: img.size });
  const got = await client.getManifest(`${reg.host}/core/manifest@${img.digest}`);
  expect(got.bytes.equals(img.manifestBytes)).toBe(true);
  expect(got.digest).toBe(sha256(img.manifestBytes));
  expect(await client.headManifest(`${reg.host}/core/manifest:missing`)).toBeUndefined();
  const cfg = await client.getImageConfig(`${reg.host}/core/manifest:v1`);
  expect(cfg.config?.Labels?.['dev.zuul-ts.seed']).toBe('1');
});

test('retag of an image: same bytes and digest, zero blob requests', async () => {
  const repo = `${reg.host}/core/retag`;
  const img = await pushTestImage(client, `${repo}:change_1_latest`, { layers: 3 });
  requests.length = 0;
  const d = await client.retag(repo, 'change_1_latest', 'latest');
  expect(d).toBe(img.digest);
  expect(blobRequests()).toEqual([]);
  const got = await client.getManifest(`${repo}:latest`);
  expect(got.bytes.equals(img.manifestBytes)).toBe(true);
  // Second retag: already equal -> no PUT.
  requests.length = 0;
  await client.retag(repo, 'change_1_latest', 'latest');
  expect(requests.map((r) => r.method).sort()).toEqual(['GET', 'HEAD']);
  await expect(client.retag(repo, 'nope', 'latest')).rejects.toThrow(/retag: .* does not exist/);
});

test('retag of a two-platform index keeps the index (bytes and digest identical)', async () => {
  const repo = `${reg.host}/core/retag-index`;
  const idx = await pushTestIndex(client, `${repo}:change_2_latest`, [
    { os: 'linux', architecture: 'amd64' },
    { os: 'linux', architecture: 'arm64' },
  ]);
  requests.length = 0;
  const d = await client.retag(repo, 'change_2_latest', 'latest');
  expect(d).toBe(idx.digest);
  expect(blobRequests()).toEqual([]);
  const got = await client.getManifest(`${repo}:latest`);
  expect(got.mediaType).toBe(mediaTypes.OCI_INDEX);
  expect(got.bytes.equals(idx.bytes)).toBe(true);
  const arm = await client.getImageConfig(`${repo}:latest`, { os: 'linux', architecture: 'arm64' });
  expect(arm.architecture).toBe('arm64');
});

test('copy within one registry mounts blobs and keeps the digest', async () => {
  const img = await pushTestImage(client, `${reg.host}/core/src:v1`, { layers: 3 });
  requests.length = 0;
  const kinds: string[] = [];
  const d = await client.copy(`${reg.host}/core/src:v1`, `${reg.host}/core/dst:v1`, {
    onProgress: (p) => kinds.push(p.kind),
  });
  expect(d).toBe(img.digest);
  expect(kinds.filter((k) => k === 'blob-mount')).toHaveLength(4);
  expect(requests.filter((r) => r.method === 'PUT' && /\/blobs\//.test(r.url))).toEqual([]);
  expect(requests.filter((r) => r.method === 'GET' && /\/blobs\//.test(r.url))).toEqual([]);
  expect((await client.headManifest(`${reg.host}/core/dst:v1`))?.digest).toBe(img.digest);
  // Copy again: every blob HEAD-skipped.
  kinds.length = 0;
  await client.copy(`${reg.host}/core/src:v1`, `${reg.host}/core/dst:v2`, {
    onProgress: (p) => kinds.push(p.kind),
  });
  expect(kinds.filter((k) => k.startsWith('blob'))).toEqual([
    'blob-skip',
    'blob-skip',
    'blob-skip',
    'blob-skip',
  ]);
  // Already there under that tag: one GET + one HEAD, nothing written.
  requests.length = 0;
  expect(await client.copy(`${reg.host}/core/src:v1`, `${reg.host}/core/dst:v2`)).toBe(img.digest);
  expect(requests.map((r) => r.method).sort()).toEqual(['GET', 'HEAD']);
  // Within one repository: a retag, no blob requests at all.
  requests.length = 0;
  expect(await client.copy(`${reg.host}/core/src:v1`, `${reg.host}/core/src:v9`)).toBe(img.digest);
  expect(blobRequests()).toEqual([]);
});

test('tags list over 250 tags: distribution 2.8 answers all at once', async () => {
  const repo = `${reg.host}/core/many-tags`;
  const img = await pushTestImage(client, `${repo}:t000`);
  const names = Array.from({ length: 250 }, (_, i) => `t${String(i).padStart(3, '0')}`);
  await Promise.all(
    names.slice(1).map((t) => client.putManifest(`${repo}:${t}`, img.manifestBytes, img.mediaType)),
  );
  expect((await client.listTags(repo, { pageSize: 100 })).sort()).toEqual(names);
  expect(await client.listTags(`${reg.host}/core/no-such-repo`)).toEqual([]);
});

test.each([
  ['relative', (base: string, path: string) => path],
  ['absolute', (base: string, path: string) => base + path],
])('tags pagination follows %s Link headers (n, exclusive last)', async (_kind, link) => {
  // distribution v3 paginates tags (2.8 ignores n): a paginating front over the real tag list,
  // answering exactly as distribution's tags handler does.
  const repo = `${reg.host}/core/paged`;
  const img = await pushTestImage(client, `${repo}:p000`);
  const names = Array.from({ length: 250 }, (_, i) => `p${String(i).padStart(3, '0')}`);
  await Promise.all(
    names.slice(1).map((t) => client.putManifest(`${repo}:${t}`, img.manifestBytes, img.mediaType)),
  );
  const all = (await client.listTags(repo)).sort();
  const front = await startFakeApi((req, res, base) => {
    if (req.path === '/v2/') return sendJson(res, 200, {});
    const n = Number(req.query.get('n') ?? 1000);
    const last = req.query.get('last');
    const rest = last ? all.filter((t) => t > last) : all;
    const page = rest.slice(0, n);
    if (page.length < rest.length)
      res.setHeader(
        'link',
        `<${link(base, `/v2/core/paged/tags/list?last=${page[page.length - 1]}&n=${n}`)}>; rel="next"`,
      );
    sendJson(res, 200, { name: 'core/paged', tags: page });
  });
  const paging = new RegistryClient();
  try {
    const host = new URL(front.url).host;
    expect(await paging.listTags(`${host}/core/paged`, { pageSize: 100 })).toEqual(names);
    const pages = front.requests.filter((r) => r.path.endsWith('/tags/list'));
    expect(pages.map((r) => r.query.get('last'))).toEqual([null, 'p099', 'p199']);
  } finally {
    paging.close();
    await front.stop();
  }
});
