import {
  pushTestImage,
  pushTestIndex,
  startFaultProxy,
  startRegistry,
  type FaultProxy,
  type RegistryServer,
} from '@zuul-ts/testing';
import { RegistryClient, RegistryError } from '../src';

let reg: RegistryServer;
let other: RegistryServer;
let proxy: FaultProxy;
const clients: RegistryClient[] = [];

beforeAll(async () => {
  [reg, other] = await Promise.all([startRegistry(), startRegistry()]);
  proxy = await startFaultProxy({ target: reg.url });
});
afterAll(async () => {
  await proxy.stop();
  await Promise.all([reg.stop(), other.stop()]);
});
beforeEach(() => proxy.setFaults([]));
afterEach(() => clients.splice(0).forEach((c) => c.close()));

function client(opts: ConstructorParameters<typeof RegistryClient>[0] = {}): RegistryClient {
  // Short backoff so the suite stays quick; the retry logic is the same as with defaults.
  const c = new RegistryClient({ retry: { attempts: 8, baseDelayMs: 5, maxDelayMs: 40 }, ...opts });
  clients.push(c);
  return c;
}

test('a retag through the proxy costs exactly GET source + HEAD destination + PUT', async () => {
  const c = client();
  const img = await pushTestImage(c, `${proxy.host}/count/img:src`, { layers: 2 });
  proxy.reset();
  expect(await c.retag(`${proxy.host}/count/img`, 'src', 'dst')).toBe(img.digest);
  const s = proxy.stats();
  expect(s.byMethodKind).toEqual({ 'HEAD manifest': 1, 'GET manifest': 1, 'PUT manifest': 1 });
  // Already equal: no PUT.
  proxy.reset();
  expect(await c.retag(`${proxy.host}/count/img`, 'src', 'dst')).toBe(img.digest);
  expect(proxy.stats().byMethodKind).toEqual({ 'HEAD manifest': 1, 'GET manifest': 1 });
  expect(s.byKind.blob ?? 0).toBe(0);
});

test('operations succeed through 20 % injected faults (5xx, 429, connection resets)', async () => {
  const setup = client();
  const img = await pushTestImage(setup, `${reg.host}/faulty/img:change_1_latest`, {
    layers: 3,
    layerSize: 50000,
  });
  const idx = await pushTestIndex(setup, `${reg.host}/faulty/idx:change_1_latest`);
  proxy.setFaults(
    [
      {
        rate: 0.2,
        fault: [
          { type: 'status', status: 500 },
          { type: 'status', status: 502 },
          { type: 'status', status: 503 },
          { type: 'status', status: 429, retryAfter: 0 },
          { type: 'reset' },
          { type: 'reset', phase: 'mid-response' },
        ],
      },
    ],
    42,
  );
  const c = client();
  const repo = `${proxy.host}/faulty/img`;
  expect(await c.retag(repo, 'change_1_latest', 'latest')).toBe(img.digest);
  expect(await c.retag(`${proxy.host}/faulty/idx`, 'change_1_latest', 'latest')).toBe(idx.digest);
  // Across registries in both directions (streamed blobs through the faulty side).
  expect(await c.copy(`${repo}:latest`, `${other.host}/faulty/img:latest`)).toBe(img.digest);
  expect(await c.copy(`${other.host}/faulty/img:latest`, `${proxy.host}/faulty/copy:v1`)).toBe(
    img.digest,
  );
  expect(await c.copy(`${proxy.host}/faulty/idx:latest`, `${proxy.host}/faulty/idx2:v1`)).toBe(
    idx.digest,
  );
  expect(await c.deleteTag(`${repo}:change_1_latest`)).toBe(true);
  expect((await c.listTags(repo)).sort()).toEqual(['latest']);
  const cfg = await c.getImageConfig(`${proxy.host}/faulty/copy:v1`);
  expect(cfg.rootfs?.diff_ids).toHaveLength(3);
  expect(proxy.stats().faults.total).toBeGreaterThan(5);
  // Everything landed intact on the real registries.
  proxy.setFaults([]);
  const direct = client();
  expect((await direct.headManifest(`${reg.host}/faulty/img:latest`))?.digest).toBe(img.digest);
  expect((await direct.headManifest(`${other.host}/faulty/img:latest`))?.digest).toBe(img.digest);
  expect(await direct.listTags(`${reg.host}/faulty/img`)).toEqual(['latest']);
});

test('an upload whose PUT is reset after the registry stored it is not redone blindly', async () => {
  const c = client();
  const data = Buffer.from('x'.repeat(5000) + Math.random());
  await c.listTags(`${proxy.host}/up/blob`);
  // The registry completes the PUT, the client only sees a reset: the session is gone.
  proxy.setFaults([
    {
      method: 'PUT',
      kind: 'upload',
      requests: [1],
      fault: { type: 'reset', phase: 'mid-response' },
    },
  ]);
  proxy.reset();
  const digest = await c.pushBlob(`${proxy.host}/up/blob`, data);
  expect(await c.getBlob(`${reg.host}/up/blob`, digest)).toEqual(data);
  // HEAD (missing), POST, PUT (reset), then HEAD finds it: no second upload.
  expect(proxy.stats().byMethodKind).toEqual({ 'HEAD blob': 2, 'POST upload': 1, 'PUT upload': 1 });
  // A reset before the registry saw the PUT: a new session and a second PUT.
  proxy.setFaults([{ method: 'PUT', kind: 'upload', requests: [1], fault: { type: 'reset' } }]);
  proxy.reset();
  const data2 = Buffer.from('y'.repeat(5000) + Math.random());
  const d2 = await c.pushBlob(`${proxy.host}/up/blob`, data2);
  expect(await c.getBlob(`${reg.host}/up/blob`, d2)).toEqual(data2);
  expect(proxy.stats().byMethodKind).toEqual({ 'HEAD blob': 2, 'POST upload': 2, 'PUT upload': 2 });
});

test('deleteManifest removes the manifest and all its tags, also when the first DELETE is reset', async () => {
  const c = client();
  const repo = `${proxy.host}/delm/img`;
  const keep = await pushTestImage(c, `${repo}:keep`);
  const img = await pushTestImage(c, `${repo}:a`);
  await c.retag(repo, 'a', 'b');
  proxy.setFaults([
    { method: 'DELETE', requests: [1], fault: { type: 'reset', phase: 'mid-response' } },
  ]);
  await c.deleteManifest(`${repo}@${img.digest}`);
  expect(await c.headManifest(`${repo}@${img.digest}`)).toBeUndefined();
  expect(await c.listTags(repo)).toEqual(['keep']);
  expect((await c.headManifest(`${repo}:keep`))?.digest).toBe(keep.digest);
  await expect(c.deleteManifest(`${repo}:keep`)).rejects.toThrow(/a digest is required/);
});

test('100 % faults fail clearly after the configured attempts', async () => {
  const setup = client();
  await pushTestImage(setup, `${reg.host}/down/img:v1`);
  const c = client({ retry: { attempts: 4, baseDelayMs: 5, maxDelayMs: 20 } });
  await c.headManifest(`${proxy.host}/down/img:v1`); // ping before the outage
  proxy.setFaults([{ kind: 'manifest', fault: { type: 'status', status: 503 } }]);
  proxy.reset();
  let err: RegistryError | undefined;
  try {
    await c.getManifest(`${proxy.host}/down/img:v1`);
  } catch (e) {
    err = e as RegistryError;
  }
  expect(err).toBeInstanceOf(RegistryError);
  expect(err!.status).toBe(503);
  expect(err!.codes).toEqual(['UNAVAILABLE']);
  expect(err!.temporary).toBe(true);
  expect(err!.operation).toBe('GET manifest');
  expect(err!.message).toContain('gave up after 4 attempts');
  expect(err!.message).toContain(`${proxy.host}/down/img:v1`);
  expect(proxy.stats().byMethodKind['GET manifest']).toBe(4);
  // A retag: GET and HEAD in parallel, 4 attempts each — bounded, no retry storm, no PUT.
  proxy.reset();
  await expect(c.retag(`${proxy.host}/down/img`, 'v1', 'v2')).rejects.toThrow(/HTTP 503/);
  expect(proxy.stats().byMethodKind).toEqual({ 'GET manifest': 4, 'HEAD manifest': 4 });
  // Connection resets on every request: same clear failure.
  proxy.setFaults([{ kind: 'manifest', fault: { type: 'reset' } }]);
  await expect(c.getManifest(`${proxy.host}/down/img:v1`)).rejects.toThrow(
    /gave up after 4 attempts/,
  );
});

test('a 429 with Retry-After: 1 waits at least a second before retrying', async () => {
  const setup = client();
  const img = await pushTestImage(setup, `${reg.host}/slow/img:v1`);
  const c = client();
  await c.listTags(`${proxy.host}/slow/img`); // ping outside the measurement
  proxy.setFaults([
    { kind: 'manifest', requests: [1], fault: { type: 'status', status: 429, retryAfter: 1 } },
  ]);
  const start = performance.now();
  const head = await c.headManifest(`${proxy.host}/slow/img:v1`);
  const waited = performance.now() - start;
  expect(head?.digest).toBe(img.digest);
  expect(proxy.stats().faults.byLabel['429']).toBe(1);
  expect(waited).toBeGreaterThanOrEqual(1000);
});
