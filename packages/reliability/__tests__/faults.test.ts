import { ContainerEngine } from '@zuul-ts/engine';
import { RegistryClient } from '@zuul-ts/registry';
import {
  pushTestImage,
  pushTestIndex,
  startFakeZuulApi,
  startRegistry,
  registryClientFor,
  type FakeZuulApi,
  type RegistryServer,
} from '@zuul-ts/testing';
import { randomBytes } from 'node:crypto';
import { faultsInjected, keyedFaults, registryWrites } from '../src';
import { buildLocal } from '../../upload-container-image/__tests__/helpers';
import { recent, run, uniq, useProxiedRegistry, useSuite, zuulVars } from './harness';
import { usePrivateDocker } from './private-docker';

jest.setTimeout(240000);

// Issue 8 "Faults": 20 % of the requests of every registry-writing role answered 500/502/503
// or reset, through the loopback fault proxy in front of a real distribution 2.8.
const { scanner, summary } = useSuite('faults');
const env = useProxiedRegistry(20);
// Own dockerd: the upload case is independent of other suites' use of the shared one.
usePrivateDocker('rel-faults');
const PASSWORD = `faults-${randomBytes(6).toString('hex')}`;
beforeAll(() => scanner.addCredential('zuul', PASSWORD, env.proxy.host));

const creds = () => ({ [env.proxy.host]: { username: 'zuul', password: PASSWORD } });
const via = (repo: string) => `${env.proxy.host}/${repo}`;
const direct = (repo: string) => `${env.registry.host}/${repo}`;
const digestOf = async (ref: string) => (await env.direct.headManifest(ref))?.digest;

/** Fixed seeds: the same requests fail on every run (keyed by request identity). */
const twentyPercent = (seed: number) => keyedFaults({ seed, rate: 0.2 });

describe('20 % transient faults: every job completes, every final tag has the verified digest', () => {
  test('promote, tag method: 3 repositories x 2 tags', async () => {
    const repos = [uniq('f-promote-a'), uniq('f-promote-b'), uniq('f-promote-c')];
    const images = [];
    for (const r of repos) {
      const img = await pushTestImage(env.direct, `${direct(r)}:change_12345_latest`, {
        created: recent(),
      });
      await env.direct.retag(direct(r), 'change_12345_latest', 'change_12345_v1');
      images.push(img);
    }
    env.proxy.reset();
    env.proxy.setFaults(twentyPercent(101));
    const res = await run(scanner, 'promote-container-image', {
      zuul: zuulVars(),
      container_images: repos.map((r) => ({
        repository: via(r),
        registry: env.proxy.host,
        tags: ['latest', 'v1'],
      })),
      container_registry_credentials: creds(),
    });
    const faults = faultsInjected(env.proxy);
    const requests = env.proxy.stats().total;
    env.proxy.setFaults([]);
    expect(res.error).toBeUndefined();
    expect(res.ok).toBe(true);
    let lost = 0;
    for (const [i, r] of repos.entries())
      for (const t of ['latest', 'v1'])
        if ((await digestOf(`${direct(r)}:${t}`)) !== images[i].digest) lost++;
    expect(lost).toBe(0);
    for (const r of repos)
      expect((await env.direct.listTags(direct(r))).sort()).toEqual(['latest', 'v1']);
    expect(faults).toBeGreaterThan(0);
    summary.record({
      section: 'Faults (20 %)',
      case: 'promote, tag method (3 repos x 2 tags)',
      cases: 6,
      faultsInjected: faults,
      jobsCompleted: 1,
      tagsLost: lost,
      note: `${faults} of ${requests} requests failed`,
    });
  });

  test('copy (registry client): an index and an image, byte-identical', async () => {
    const src = uniq('f-copy-src');
    const index = await pushTestIndex(env.direct, `${direct(src)}:latest`);
    const image = await pushTestImage(env.direct, `${direct(src)}:v1`, { layers: 4 });
    const dst = uniq('f-copy-dst');
    env.proxy.reset();
    env.proxy.setFaults(twentyPercent(202));
    const client = new RegistryClient({ retry: { baseDelayMs: 50 } });
    try {
      await client.copy(`${via(src)}:latest`, `${via(dst)}:latest`);
      await client.copy(`${via(src)}:v1`, `${via(dst)}:v1`);
    } finally {
      client.close();
    }
    const faults = faultsInjected(env.proxy);
    const requests = env.proxy.stats().total;
    env.proxy.setFaults([]);
    const got = await env.direct.getManifest(`${direct(dst)}:latest`);
    expect(got.digest).toBe(index.digest);
    expect(got.bytes.equals(index.bytes)).toBe(true);
    expect(await digestOf(`${direct(dst)}:v1`)).toBe(image.digest);
    for (const l of image.layers)
      expect(await env.direct.headBlob(`${direct(dst)}`, l.digest)).toBeTruthy();
    expect(faults).toBeGreaterThan(0);
    summary.record({
      section: 'Faults (20 %)',
      case: 'copy: index + 4-layer image',
      cases: 2,
      faultsInjected: faults,
      jobsCompleted: 2,
      tagsLost: 0,
      note: `${faults} of ${requests} requests failed`,
    });
  });

  describe('intermediate registry behind the proxy', () => {
    let bsr: RegistryServer;
    let bsrClient: RegistryClient;
    let zuulApi: FakeZuulApi;
    let dest: RegistryServer;
    let destClient: RegistryClient;
    beforeAll(async () => {
      [bsr, dest] = await Promise.all([startRegistry(), startRegistry()]);
      bsrClient = registryClientFor(bsr);
      destClient = registryClientFor(dest);
      zuulApi = await startFakeZuulApi('example');
    });
    afterAll(async () => {
      bsrClient.close();
      destClient.close();
      await zuulApi.stop();
      await Promise.all([bsr.stop(), dest.stop()]);
    });
    const irVar = () => ({
      host: '127.0.0.1',
      port: env.proxy.port,
      username: 'zuul',
      password: PASSWORD,
    });
    const bsrVar = () => ({
      host: '127.0.0.1',
      port: bsr.port,
      username: 'zuul',
      password: PASSWORD,
    });

    test('push-to-intermediate-registry then pull-from-intermediate-registry', async () => {
      const name = `quay.io/org/${uniq('f-ir').replace(/^org\//, '')}`;
      const index = await pushTestIndex(bsrClient, `${bsr.host}/${name}:latest`);
      const v1 = await pushTestImage(bsrClient, `${bsr.host}/${name}:v1`, { layers: 3 });
      env.proxy.reset();
      env.proxy.setFaults(twentyPercent(303));
      const push = await run(scanner, 'push-to-intermediate-registry', {
        zuul: zuulVars({ build: 'b1' }),
        zuul_success: true,
        buildset_registry: bsrVar(),
        intermediate_registry: irVar(),
        container_images: [
          { context: 'img', repository: name, registry: 'quay.io', tags: ['latest', 'v1'] },
        ],
      });
      const pushFaults = faultsInjected(env.proxy);
      const pushRequests = env.proxy.stats().total;
      expect(push.error).toBeUndefined();
      expect(await digestOf(`${env.registry.host}/${name}:b1_latest`)).toBe(index.digest);
      expect(await digestOf(`${env.registry.host}/${name}:b1_v1`)).toBe(v1.digest);

      // A later job of the buildset pulls the artifacts into its own (fresh) buildset registry.
      const bsr2 = await startRegistry();
      const bsr2Client = registryClientFor(bsr2);
      try {
        env.proxy.reset();
        env.proxy.setFaults(twentyPercent(304));
        const artifact = (tag: string) => ({
          name: `${name}:${tag}`,
          url: `docker://127.0.0.1:${env.proxy.port}/${name}:b1_${tag}`,
          metadata: { type: 'container_image', repository: name, tag },
          project: 'org/proj',
          job: 'build-image',
        });
        const pull = await run(scanner, 'pull-from-intermediate-registry', {
          buildset_registry: {
            host: '127.0.0.1',
            port: bsr2.port,
            username: 'zuul',
            password: PASSWORD,
          },
          intermediate_registry: irVar(),
          zuul: zuulVars({ artifacts: [artifact('latest'), artifact('v1')] }),
        });
        const pullFaults = faultsInjected(env.proxy);
        const pullRequests = env.proxy.stats().total;
        env.proxy.setFaults([]);
        expect(pull.error).toBeUndefined();
        expect((await bsr2Client.headManifest(`${bsr2.host}/${name}:latest`))?.digest).toBe(
          index.digest,
        );
        expect((await bsr2Client.headManifest(`${bsr2.host}/${name}:v1`))?.digest).toBe(v1.digest);
        expect(pushFaults + pullFaults).toBeGreaterThan(0);
        summary.record({
          section: 'Faults (20 %)',
          case: 'push-to-intermediate-registry (index + image)',
          cases: 2,
          faultsInjected: pushFaults,
          jobsCompleted: 1,
          tagsLost: 0,
          note: `${pushFaults} of ${pushRequests} requests failed`,
        });
        summary.record({
          section: 'Faults (20 %)',
          case: 'pull-from-intermediate-registry (2 artifacts)',
          cases: 2,
          faultsInjected: pullFaults,
          jobsCompleted: 1,
          tagsLost: 0,
          note: `${pullFaults} of ${pullRequests} requests failed`,
        });
      } finally {
        bsr2Client.close();
        await bsr2.stop();
      }
    });

    test('promote, intermediate-registry method: copies from the faulty intermediate registry', async () => {
      const path = uniq('f-prom-ir');
      const repository = `${dest.host}/${path}`;
      const irRepo = `${env.registry.host}/mirror/${path}`;
      const latest = await pushTestIndex(env.direct, `${irRepo}:b1_latest`);
      const v1 = await pushTestImage(env.direct, `${irRepo}:b1_v1`, { layers: 3 });
      const art = (tag: string) => ({
        name: `${repository}:${tag}`,
        url: `docker://${env.proxy.host}/mirror/${path}:b1_${tag}`,
        metadata: { type: 'container_image', repository, tag },
      });
      zuulApi.builds.push({
        _id: 1,
        uuid: 'b1',
        job_name: 'build-app',
        result: 'SUCCESS',
        pipeline: 'gate',
        artifacts: [art('latest'), art('v1')],
        ref: { project: 'org/app', change: 12345, patchset: '3' },
      });
      env.proxy.reset();
      env.proxy.setFaults(twentyPercent(405));
      const res = await run(scanner, 'promote-container-image', {
        zuul: zuulVars(),
        container_images: [{ repository, registry: dest.host, tags: ['latest', 'v1'] }],
        container_registry_credentials: { [dest.host]: { username: 'zuul', password: PASSWORD } },
        intermediate_registry: irVar(),
        promote_container_image_method: 'intermediate-registry',
        promote_container_image_api: zuulApi.tenantUrl,
        promote_container_image_pipeline: 'gate',
        promote_container_image_job: 'build-app',
      });
      const faults = faultsInjected(env.proxy);
      const requests = env.proxy.stats().total;
      env.proxy.setFaults([]);
      expect(res.error).toBeUndefined();
      expect((await destClient.headManifest(`${repository}:latest`))?.digest).toBe(latest.digest);
      expect((await destClient.headManifest(`${repository}:v1`))?.digest).toBe(v1.digest);
      expect(faults).toBeGreaterThan(0);
      summary.record({
        section: 'Faults (20 %)',
        case: 'promote, intermediate-registry method (2 tags)',
        cases: 2,
        faultsInjected: faults,
        jobsCompleted: 1,
        tagsLost: 0,
        note: `${faults} of ${requests} requests failed`,
      });
    });
  });

  test('upload (docker engine push + registry retags)', async () => {
    const engine = await ContainerEngine.connect({ kind: 'docker' });
    const repo = via(uniq('f-upload'));
    try {
      // The upload suite's fixture build (busybox + a nonce), tagged as the build role would.
      const imageId = await buildLocal(engine, [
        `${repo}:change_12345_latest`,
        `${repo}:change_12345_v1`,
      ]);
      env.proxy.reset();
      // dockerd retries layer uploads itself and the role retries the whole push 4 times
      // (zuul-jobs retries: 3); each request fails at most once and at most 3 faults in all,
      // so 4 attempts always suffice whatever digests this run's build produced.
      env.proxy.setFaults(keyedFaults({ seed: 506, rate: 0.2, maxPerKey: 1, limit: 3 }));
      const res = await run(scanner, 'upload-container-image', {
        zuul: zuulVars(),
        container_command: 'docker',
        container_images: [{ repository: repo, registry: env.proxy.host, tags: ['latest', 'v1'] }],
        container_registry_credentials: creds(),
      });
      const faults = faultsInjected(env.proxy);
      const requests = env.proxy.stats().total;
      env.proxy.setFaults([]);
      expect(res.error).toBeUndefined();
      const directRepo = repo.replace(env.proxy.host, env.registry.host);
      const m = await env.direct.getManifest(`${directRepo}:change_12345_latest`);
      // Verified: the stored manifest's config is the engine's image.
      expect((JSON.parse(m.bytes.toString()) as { config: { digest: string } }).config.digest).toBe(
        imageId,
      );
      expect(await digestOf(`${directRepo}:change_12345_v1`)).toBe(m.digest);
      expect(faults).toBeGreaterThan(0);
      summary.record({
        section: 'Faults (20 %)',
        case: 'upload, docker (2 tags)',
        cases: 2,
        faultsInjected: faults,
        jobsCompleted: 1,
        tagsLost: 0,
        note: `${faults} of ${requests} requests failed`,
      });
    } finally {
      for (const t of ['latest', 'v1'])
        await engine.remove(`${repo}:change_12345_${t}`, { force: true });
    }
  });
});

describe('100 % failures: one clear message, nothing final points at an unverified manifest', () => {
  test('every request fails: the job fails naming registry, operation and reference; nothing moved', async () => {
    const r = uniq('f-all');
    const img = await pushTestImage(env.direct, `${direct(r)}:change_12345_latest`, {
      created: recent(),
    });
    await pushTestImage(env.direct, `${direct(r)}:latest`, { created: recent() });
    const before = await digestOf(`${direct(r)}:latest`);
    env.proxy.reset();
    env.proxy.setFaults([{ fault: { type: 'status', status: 503 } }]);
    const res = await run(scanner, 'promote-container-image', {
      zuul: zuulVars(),
      container_images: [{ repository: via(r), registry: env.proxy.host, tags: ['latest'] }],
      container_registry_credentials: creds(),
    });
    const faults = faultsInjected(env.proxy);
    env.proxy.setFaults([]);
    expect(res.ok).toBe(false);
    const msg = res.error?.message ?? '';
    expect(msg).toContain(env.proxy.host);
    // The first request of the job (the registry ping) is what fails; the message names the
    // registry, the operation and image reference it was for, the URL and the attempts.
    expect(msg).toMatch(/(HEAD|GET) manifest/);
    expect(msg).toContain(`${via(r)}:change_12345_latest`);
    expect(msg).toMatch(/503/);
    expect(msg).toMatch(/gave up after \d+ attempts/);
    expect(await digestOf(`${direct(r)}:change_12345_latest`)).toBe(img.digest);
    expect(await digestOf(`${direct(r)}:latest`)).toBe(before);
    summary.record({
      section: 'Faults (100 %)',
      case: 'promote: every request 503',
      cases: 1,
      faultsInjected: faults,
      jobsFailedCleanly: 1,
      tagsLost: 0,
      note: msg.split('\n')[0].slice(0, 160),
    });
  });

  test('every manifest PUT fails: the change tag is never deleted before its final tag is verified', async () => {
    const r = uniq('f-put');
    const img = await pushTestImage(env.direct, `${direct(r)}:change_12345_latest`, {
      created: recent(),
    });
    env.proxy.reset();
    env.proxy.setFaults([
      {
        method: 'PUT',
        kind: 'manifest',
        fault: [{ type: 'status', status: 500 }, { type: 'reset' }],
      },
    ]);
    const res = await run(scanner, 'promote-container-image', {
      zuul: zuulVars(),
      container_images: [{ repository: via(r), registry: env.proxy.host, tags: ['latest'] }],
      container_registry_credentials: creds(),
    });
    const stats = env.proxy.stats();
    env.proxy.setFaults([]);
    expect(res.ok).toBe(false);
    expect(res.error?.message).toContain(`${via(r)}:latest`);
    expect(stats.byMethodKind['DELETE manifest'] ?? 0).toBe(0);
    expect(await digestOf(`${direct(r)}:change_12345_latest`)).toBe(img.digest);
    expect(await digestOf(`${direct(r)}:latest`)).toBeUndefined();
    summary.record({
      section: 'Faults (100 %)',
      case: 'promote: every manifest PUT 500/reset',
      cases: 1,
      faultsInjected: stats.faults.total,
      jobsFailedCleanly: 1,
      tagsLost: 0,
      registryWrites: stats.byMethodKind['DELETE manifest'] ?? 0,
      note: (res.error?.message ?? '').split('\n')[0].slice(0, 160),
    });
  });
});

test('429 with Retry-After: the client waits as told, then completes', async () => {
  const r = uniq('f-429');
  const img = await pushTestImage(env.direct, `${direct(r)}:change_12345_latest`, {
    created: recent(),
  });
  const arrivals: { n: number; method: string; kind: string; t: number }[] = [];
  env.proxy.reset();
  env.proxy.setFaults([
    {
      fault: { type: 'delay', ms: 0 },
      match: (q) => (
        arrivals.push({ n: q.n, method: q.method, kind: q.kind, t: Date.now() }),
        false
      ),
    },
    {
      method: 'PUT',
      kind: 'manifest',
      requests: [1],
      fault: { type: 'status', status: 429, retryAfter: 2 },
    },
  ]);
  const res = await run(scanner, 'promote-container-image', {
    zuul: zuulVars(),
    container_images: [{ repository: via(r), registry: env.proxy.host, tags: ['latest'] }],
    container_registry_credentials: creds(),
  });
  const stats = env.proxy.stats();
  env.proxy.setFaults([]);
  expect(res.error).toBeUndefined();
  expect(await digestOf(`${direct(r)}:latest`)).toBe(img.digest);
  const puts = arrivals.filter((a) => a.method === 'PUT' && a.kind === 'manifest');
  expect(puts.length).toBeGreaterThanOrEqual(2);
  // A lower bound only (timers never fire early): the retry came no sooner than Retry-After.
  expect(puts[1].t - puts[0].t).toBeGreaterThanOrEqual(1990);
  summary.record({
    section: 'Faults',
    case: '429 + Retry-After: 2 on the first manifest PUT',
    cases: 1,
    faultsInjected: stats.faults.byLabel['429'] ?? 0,
    jobsCompleted: 1,
    tagsLost: 0,
    note: `retry after ${puts[1].t - puts[0].t} ms`,
  });
});

test('slow registry (2 s per request): the configured timeout applies and names the request', async () => {
  const src = uniq('f-slow');
  await pushTestImage(env.direct, `${direct(src)}:v1`);
  env.proxy.reset();
  env.proxy.setFaults([{ fault: { type: 'delay', ms: 2000 } }]);
  const client = new RegistryClient({ timeoutMs: 500, retry: { attempts: 2, baseDelayMs: 10 } });
  let error: Error | undefined;
  try {
    await client.copy(`${via(src)}:v1`, `${via(uniq('f-slow-dst'))}:v1`);
  } catch (e) {
    error = e as Error;
  } finally {
    client.close();
  }
  env.proxy.setFaults([]);
  scanner.capture('slow copy error', error);
  expect(error?.message).toMatch(/timed out after 500 ms/);
  expect(error?.message).toMatch(/(GET|HEAD) .*\/v2\//);
  expect(error?.message).toContain(env.proxy.host);
  summary.record({
    section: 'Faults',
    case: 'slow registry (2 s/request), timeout 500 ms',
    cases: 1,
    faultsInjected: 0,
    jobsFailedCleanly: 1,
    tagsLost: 0,
    note: (error?.message ?? '').split('\n')[0].slice(0, 160),
  });
});

test('registry writes are counted through the proxy', () => {
  env.proxy.reset();
  expect(registryWrites(env.proxy)).toBe(0);
});
