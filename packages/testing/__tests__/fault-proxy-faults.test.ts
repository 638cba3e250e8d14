import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { FaultProxy, FaultRule, RegistryServer, startFaultProxy } from '../src';
import { call, errorCode, MANIFEST_TYPE, pushImage } from './helpers/raw-http';
import { useProxySuite } from './helpers/proxy-suite';

let registry: RegistryServer;
let repoSeq = 0;
const uniqueRepo = () => `faults/test-${++repoSeq}`;

const suite = useProxySuite();
beforeAll(() => {
  ({ registry } = suite.env);
});
const proxy = (faults: FaultRule[] = [], seed?: number) => suite.proxy({ faults, seed });
const direct = (path: string, accept = MANIFEST_TYPE) =>
  call('GET', `${registry.url}${path}`, { headers: { accept } });

test.each([500, 502, 503])('HTTP %i on the first request only', async (status) => {
  const p = await proxy([{ fault: { type: 'status', status }, requests: [1] }]);
  const first = await call('GET', `${p.url}/v2/`);
  expect(first.status).toBe(status);
  expect(JSON.parse(first.body.toString()).errors[0].code).toMatch(/^(UNKNOWN|UNAVAILABLE)$/);
  expect((await call('GET', `${p.url}/v2/`)).status).toBe(200);
  expect(p.stats().faults).toEqual({ total: 1, byLabel: { [String(status)]: 1 } });
  expect(p.stats().log.map((e) => [e.status, e.faults])).toEqual([
    [status, [String(status)]],
    [200, []],
  ]);
});

test('429 carries Retry-After and a TOOMANYREQUESTS error', async () => {
  const p = await proxy([{ fault: { type: 'status', status: 429, retryAfter: 3 }, times: 1 }]);
  const res = await call('GET', `${p.url}/v2/`);
  expect(res.status).toBe(429);
  expect(res.headers['retry-after']).toBe('3');
  expect(JSON.parse(res.body.toString()).errors[0].code).toBe('TOOMANYREQUESTS');
  expect((await call('GET', `${p.url}/v2/`)).status).toBe(200);
});

test('a status fault on a manifest PUT means the registry never saw it', async () => {
  const repo = uniqueRepo();
  const manifest = await pushImage(registry.url, repo, 'base');
  const p = await proxy([
    { fault: { type: 'status', status: 503 }, method: 'PUT', kind: 'manifest' },
  ]);
  const put = await call('PUT', `${p.url}/v2/${repo}/manifests/other`, {
    headers: { 'content-type': MANIFEST_TYPE },
    body: manifest,
  });
  expect(put.status).toBe(503);
  expect((await direct(`/v2/${repo}/manifests/other`)).status).toBe(404);
  // Only the matching requests fail.
  expect(
    (
      await call('GET', `${p.url}/v2/${repo}/manifests/base`, {
        headers: { accept: MANIFEST_TYPE },
      })
    ).status,
  ).toBe(200);
});

test('reset before the response: ECONNRESET and nothing reaches the registry', async () => {
  const repo = uniqueRepo();
  const manifest = await pushImage(registry.url, repo, 'base');
  const p = await proxy([{ fault: { type: 'reset' }, method: 'PUT', path: /\/manifests\/reset$/ }]);
  const code = await errorCode(
    call('PUT', `${p.url}/v2/${repo}/manifests/reset`, {
      headers: { 'content-type': MANIFEST_TYPE },
      body: manifest,
    }),
  );
  expect(code).toBe('ECONNRESET');
  expect((await direct(`/v2/${repo}/manifests/reset`)).status).toBe(404);
  expect(p.stats().faults.byLabel).toEqual({ reset: 1 });
  expect(p.stats().log[0]).toMatchObject({ method: 'PUT', kind: 'manifest', status: 0 });
});

test('reset mid-response: the registry did the write, the client sees a reset', async () => {
  const repo = uniqueRepo();
  const manifest = await pushImage(registry.url, repo, 'base');
  const p = await proxy([{ fault: { type: 'reset', phase: 'mid-response' }, kind: 'manifest' }]);
  const code = await errorCode(
    call('PUT', `${p.url}/v2/${repo}/manifests/written`, {
      headers: { 'content-type': MANIFEST_TYPE },
      body: manifest,
    }),
  );
  expect(code).toBe('ECONNRESET');
  const after = await direct(`/v2/${repo}/manifests/written`);
  expect(after.status).toBe(200);
  expect(after.body.equals(manifest)).toBe(true);
  // A GET with a body is cut too.
  expect(
    await errorCode(
      call('GET', `${p.url}/v2/${repo}/manifests/written`, { headers: { accept: MANIFEST_TYPE } }),
    ),
  ).toBe('ECONNRESET');
  // A HEAD is complete at its headers: it is reset before them.
  expect(
    await errorCode(
      call('HEAD', `${p.url}/v2/${repo}/manifests/written`, { headers: { accept: MANIFEST_TYPE } }),
    ),
  ).toBe('ECONNRESET');
  expect(p.stats().faults.byLabel).toEqual({ 'reset-mid-response': 3 });
});

test('delay holds the request at least that long and is counted', async () => {
  const p = await proxy([{ fault: { type: 'delay', ms: 300 }, kind: 'base' }]);
  const t0 = performance.now();
  expect((await call('GET', `${p.url}/v2/`)).status).toBe(200);
  // A lower bound only (timers never fire early); no upper bound is asserted.
  expect(performance.now() - t0).toBeGreaterThanOrEqual(299);
  expect(p.stats().faults.byLabel).toEqual({ delay: 1 });
});

/** Polls `cond` until true (no fixed sleeps: each check yields to the event loop). */
async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setImmediate(r));
}

test('a client that gives up while its request is held is logged once, with status 0', async () => {
  const p = await proxy([{ fault: { type: 'delay', ms: 600_000 }, kind: 'base' }]);
  const req = request(`${p.url}/v2/`);
  req.on('error', () => undefined);
  req.end();
  await until(() => p.stats().total === 1);
  req.destroy();
  await until(() => p.stats().log.length === 1);
  expect(p.stats().log[0]).toMatchObject({ kind: 'base', status: 0, faults: ['delay'] });
  // stop() drops the held request instead of waiting 10 minutes.
});

test('delays add up with a terminal fault on the same request', async () => {
  const p = await proxy([
    { fault: { type: 'delay', ms: 50 } },
    { fault: { type: 'status', status: 500 }, requests: [2] },
  ]);
  expect((await call('GET', `${p.url}/v2/`)).status).toBe(200);
  expect((await call('GET', `${p.url}/v2/`)).status).toBe(500);
  expect(p.stats().log.map((e) => e.faults)).toEqual([['delay'], ['delay', '500']]);
  expect(p.stats().faults).toEqual({ total: 3, byLabel: { delay: 2, '500': 1 } });
});

async function failedRequests(p: FaultProxy, n: number): Promise<number[]> {
  const failed: number[] = [];
  for (let i = 1; i <= n; i++) {
    try {
      if ((await call('GET', `${p.url}/v2/`)).status !== 200) failed.push(i);
    } catch {
      failed.push(i);
    }
  }
  return failed;
}

test('rate faults are deterministic for a seed and pick among several kinds', async () => {
  const rule: FaultRule = {
    rate: 0.3,
    fault: [{ type: 'status', status: 500 }, { type: 'status', status: 503 }, { type: 'reset' }],
  };
  const a = await proxy([rule], 42);
  const b = await proxy([rule], 42);
  const failedA = await failedRequests(a, 60);
  const failedB = await failedRequests(b, 60);
  expect(failedA).toEqual(failedB);
  expect(failedA.length).toBe(a.stats().faults.total);
  expect(failedA.length).toBeGreaterThan(5);
  expect(failedA.length).toBeLessThan(40);
  expect(Object.keys(a.stats().faults.byLabel).sort()).toEqual(['500', '503', 'reset']);
  expect(a.stats().byKind).toEqual({ base: 60 });
  // Another seed gives another sequence.
  const c = await proxy([rule], 7);
  expect(await failedRequests(c, 60)).not.toEqual(failedA);
});

test('rate 1 fails everything, rate 0 nothing', async () => {
  const p = await proxy([{ rate: 1, fault: { type: 'status', status: 502 } }]);
  expect(await failedRequests(p, 10)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  p.setFaults([{ rate: 0, fault: { type: 'status', status: 502 } }]);
  expect(await failedRequests(p, 10)).toEqual([]);
});

test('by request number among matching requests, a predicate, and times', async () => {
  const p = await proxy([
    { fault: { type: 'status', status: 500 }, method: 'GET', kind: 'tags', requests: [2, 3] },
    { fault: { type: 'status', status: 502 }, match: (r) => r.path.includes('once'), times: 1 },
  ]);
  const repo = uniqueRepo();
  await pushImage(registry.url, repo, 'v1');
  const tags = async () => (await call('GET', `${p.url}/v2/${repo}/tags/list`)).status;
  const base = async () => (await call('GET', `${p.url}/v2/`)).status;
  expect([await tags(), await base(), await tags(), await tags(), await tags()]).toEqual([
    200, 200, 500, 500, 200,
  ]);
  const once = async () => (await call('GET', `${p.url}/v2/once/tags/list`)).status;
  expect(await once()).toBe(502);
  expect(await once()).toBe(404); // unknown repository, passed through: `times: 1` used up
});

test('setFaults switches rules at runtime; [] is pass-through that still counts', async () => {
  const p = await proxy();
  expect((await call('GET', `${p.url}/v2/`)).status).toBe(200);
  p.setFaults([{ fault: { type: 'status', status: 503 } }]);
  expect((await call('GET', `${p.url}/v2/`)).status).toBe(503);
  p.setFaults([]);
  expect((await call('GET', `${p.url}/v2/`)).status).toBe(200);
  expect(p.stats().total).toBe(3);
  expect(p.stats().faults.total).toBe(1);
});

test('an invalid rate is refused', async () => {
  await expect(
    startFaultProxy({ target: registry.url, faults: [{ rate: 2, fault: { type: 'reset' } }] }),
  ).rejects.toThrow(/rate 2/);
});
