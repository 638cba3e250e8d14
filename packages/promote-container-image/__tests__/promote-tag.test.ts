import { pushTestImage, pushTestIndex, startFaultProxy } from '@zuul-ts/testing';
import type { FaultProxy } from '@zuul-ts/testing';
import { promoteContainerImageRole as role } from '../src';
import type { PromoteResult } from '../src';
import { hoursAgo, runRole, runRoleFailing, uniqueRepo, useRegistry, zuulVars } from './helpers';

jest.setTimeout(120000);

const reg = useRegistry();

const creds = (host: string) => ({ [host]: { username: 'zuul', password: 'not-used-on-plain' } });
const digest = async (ref: string) => (await reg.client.headManifest(ref))?.digest;

describe('promote-container-image, tag method, generic registry (distribution 2.8)', () => {
  test('data-loss regression: two change tags + an unrelated tag on one digest all survive correctly', async () => {
    const repo = `${reg.server.host}/${uniqueRepo('dataloss')}`;
    // Recent `created` so the leaked-tag cleanup leaves the fixture alone.
    const img = await pushTestImage(reg.client, `${repo}:change_12345_latest`, {
      created: hoursAgo(1),
    });
    await reg.client.retag(repo, 'change_12345_latest', 'change_12345_v1');
    await reg.client.retag(repo, 'change_12345_latest', 'unrelated');
    const { ctx, outcome } = await runRole(role, {
      zuul: zuulVars(),
      container_images: [{ repository: repo, registry: reg.server.host, tags: ['latest', 'v1'] }],
      container_registry_credentials: creds(reg.server.host),
    });
    for (const t of ['latest', 'v1', 'unrelated'])
      expect(await digest(`${repo}:${t}`)).toBe(img.digest);
    expect(await digest(`${repo}:change_12345_latest`)).toBeUndefined();
    expect(await digest(`${repo}:change_12345_v1`)).toBeUndefined();
    expect((await reg.client.listTags(repo)).sort()).toEqual(['latest', 'unrelated', 'v1']);
    const result = outcome.result as PromoteResult;
    expect(result.promotions).toEqual([
      {
        repository: repo,
        tag: 'latest',
        digest: img.digest,
        source: `${repo}:change_12345_latest`,
      },
      { repository: repo, tag: 'v1', digest: img.digest, source: `${repo}:change_12345_v1` },
    ]);
    expect(ctx.returned).toEqual([
      {
        data: {
          promoted_container_images: [
            { repository: repo, tag: 'latest', digest: img.digest },
            { repository: repo, tag: 'v1', digest: img.digest },
          ],
        },
      },
    ]);
  });

  test('a multi-platform index stays the same index (bytes and media type)', async () => {
    const repo = `${reg.server.host}/${uniqueRepo('index')}`;
    const index = await pushTestIndex(reg.client, `${repo}:change_12345_latest`, undefined, {
      created: hoursAgo(1),
    });
    await runRole(role, {
      zuul: zuulVars(),
      container_images: [{ repository: repo, registry: reg.server.host, tags: ['latest'] }],
      container_registry_credentials: creds(reg.server.host),
    });
    const m = await reg.client.getManifest(`${repo}:latest`);
    expect(m.digest).toBe(index.digest);
    expect(m.bytes.equals(index.bytes)).toBe(true);
    expect(m.mediaType).toBe(index.mediaType);
  });

  test('a missing change tag fails before any tag of any image moves', async () => {
    const a = `${reg.server.host}/${uniqueRepo('missing-a')}`;
    const b = `${reg.server.host}/${uniqueRepo('missing-b')}`;
    await pushTestImage(reg.client, `${a}:change_12345_latest`, { created: hoursAgo(1) });
    await pushTestImage(reg.client, `${b}:change_12345_latest`, { created: hoursAgo(1) });
    const { error, ctx } = await runRoleFailing(role, {
      zuul: zuulVars(),
      container_images: [
        { repository: a, registry: reg.server.host, tags: ['latest'] },
        { repository: b, registry: reg.server.host, tags: ['latest', 'v1'] },
      ],
      container_registry_credentials: creds(reg.server.host),
    });
    expect(error.message).toContain(`${b}:change_12345_v1`);
    expect(error.message).toContain('container_images[1]');
    expect(await reg.client.listTags(a)).toEqual(['change_12345_latest']);
    expect(await reg.client.listTags(b)).toEqual(['change_12345_latest']);
    expect(ctx.operations).toEqual([]);
  });

  test('bad input (credentials / regex) fails naming the variable, nothing touched', async () => {
    const repo = `${reg.server.host}/${uniqueRepo('badinput')}`;
    await pushTestImage(reg.client, `${repo}:change_12345_latest`, { created: hoursAgo(1) });
    const denied = await runRoleFailing(role, {
      zuul: zuulVars(),
      container_images: [{ repository: repo, registry: reg.server.host }],
      container_registry_credentials: {
        [reg.server.host]: { username: 'u', password: 'p', repository: '^other/.*' },
      },
    });
    expect(denied.error.message).toBe(
      `container_images[0].repository: ${repo} not permitted by ^other/.*`,
    );
    const missing = await runRoleFailing(role, {
      zuul: zuulVars(),
      container_images: [{ repository: repo, registry: reg.server.host }],
      container_registry_credentials: { 'quay.io': { username: 'u', password: 'p' } },
    });
    expect(missing.error.message).toBe(
      `container_images[0].registry: ${reg.server.host} credentials not found`,
    );
    expect(await reg.client.listTags(repo)).toEqual(['change_12345_latest']);
  });

  // Identical builds of two changes share one digest: the change tags of both runs then point
  // at the same manifest while both runs delete theirs. Three rounds, 3 repositories x 3 tags,
  // to give the two runs' deletes many chances to interleave.
  const TAGS = ['latest', 'v1', 'v2'];
  test.each([
    ['different images', false],
    ['the same image digest', true],
  ])(
    'two promote runs for different changes of the same repositories at once both succeed (%s)',
    async (_label, same) => {
      for (let round = 0; round < 3; round++) {
        const repos = ['a', 'b', 'c'].map((x) => `${reg.server.host}/${uniqueRepo(`conc-${x}`)}`);
        const pushed: Record<string, string> = {};
        let seed = 1000 + round * 100 + (same ? 0 : 50);
        for (const repo of repos)
          for (const change of ['101', '102']) {
            const img = await pushTestImage(reg.client, `${repo}:change_${change}_${TAGS[0]}`, {
              created: '2099-01-01T00:00:00Z',
              seed: same ? seed : ++seed,
            });
            for (const t of TAGS.slice(1))
              await reg.client.retag(repo, `change_${change}_${TAGS[0]}`, `change_${change}_${t}`);
            pushed[`${repo}:${change}`] = img.digest;
          }
        const run = (change: string) =>
          runRole(role, {
            zuul: zuulVars({ change, pipeline: 'promote' }),
            container_images: repos.map((r) => ({
              repository: r,
              registry: reg.server.host,
              tags: TAGS,
            })),
            container_registry_credentials: creds(reg.server.host),
          });
        const [r1, r2] = await Promise.all([run('101'), run('102')]);
        for (const [change, r] of [
          ['101', r1],
          ['102', r2],
        ] as const) {
          const result = r.outcome.result as PromoteResult;
          expect(result.promotions).toHaveLength(repos.length * TAGS.length);
          for (const p of result.promotions) {
            expect(p.source).toBe(`${p.repository}:change_${change}_${p.tag}`);
            expect(p.digest).toBe(pushed[`${p.repository}:${change}`]);
          }
          expect(result.leftChangeTags).toEqual([]);
          expect(r.ctx.logs.filter((l) => l.level === 'warn')).toEqual([]);
        }
        for (const repo of repos) {
          expect((await reg.client.listTags(repo)).sort()).toEqual(TAGS);
          const latest = await digest(`${repo}:latest`);
          expect([pushed[`${repo}:101`], pushed[`${repo}:102`]]).toContain(latest);
        }
      }
    },
  );

  describe('request budget on distribution 2.8 (the protocol minimum)', () => {
    let proxy: FaultProxy;
    beforeAll(async () => {
      proxy = await startFaultProxy({ target: reg.server.url });
    });
    afterAll(() => proxy.stop());

    test('per tag one GET + one PUT + one placeholder PUT; per repository one DELETE and one tags list', async () => {
      const tags = ['latest', 'v1', 'v1.2'];
      const repos = [uniqueRepo('budget-a'), uniqueRepo('budget-b')].map(
        (p) => `${proxy.host}/${p}`,
      );
      const digests: string[] = [];
      for (const [i, repo] of repos.entries()) {
        const img = await pushTestImage(reg.client, `${repo}:change_12345_${tags[0]}`, {
          created: hoursAgo(1),
          seed: 7000 + i,
        });
        digests.push(img.digest);
        for (const t of tags.slice(1))
          await reg.client.retag(repo, `change_12345_${tags[0]}`, `change_12345_${t}`);
        await reg.client.retag(repo, `change_12345_${tags[0]}`, 'unrelated');
      }
      proxy.reset();
      const { outcome } = await runRole(role, {
        zuul: zuulVars(),
        container_images: repos.map((r) => ({ repository: r, registry: proxy.host, tags })),
        container_registry_credentials: creds(proxy.host),
      });
      const s = proxy.stats(); // before the checks below, which go through the proxy too
      const result = outcome.result as PromoteResult;
      expect(result.promotions).toHaveLength(6);
      expect(result.removedChangeTags).toHaveLength(6);
      for (const [i, repo] of repos.entries()) {
        expect((await reg.client.listTags(repo)).sort()).toEqual([...tags, 'unrelated'].sort());
        for (const t of [...tags, 'unrelated'])
          expect(await digest(`${repo}:${t}`)).toBe(digests[i]);
      }
      const manifestDeletes = s.log.filter((e) => e.method === 'DELETE');
      // 6 GET (change tags) + 6 PUT (final tags) + 6 PUT (placeholders on the change tags),
      // 1 DELETE per repository (+ the one tag-DELETE probe of the run, answered 400), one
      // tags list per repository for the leaked-tag cleanup, and the ping.
      expect(s.byMethodKind['GET manifest']).toBe(6);
      expect(s.byMethodKind['PUT manifest']).toBe(12);
      expect(s.byMethodKind['HEAD manifest'] ?? 0).toBe(0);
      expect(s.byKind.blob ?? 0).toBe(0);
      expect(manifestDeletes.filter((e) => e.path.includes('sha256:'))).toHaveLength(2);
      expect(manifestDeletes.filter((e) => !e.path.includes('sha256:'))).toHaveLength(1);
      expect(manifestDeletes.some((e) => digests.some((d) => e.path.includes(d)))).toBe(false);
    });
  });

  describe('registry without any tag deletion', () => {
    let proxy: FaultProxy;
    beforeAll(async () => {
      proxy = await startFaultProxy({
        target: reg.server.url,
        faults: [{ method: 'DELETE', fault: { type: 'status', status: 405 } }],
      });
    });
    afterAll(() => proxy.stop());

    test('the promotion succeeds, the change tag is reported as left, no digest of the image is deleted', async () => {
      const path = uniqueRepo('nodelete');
      const repo = `${proxy.host}/${path}`;
      const img = await pushTestImage(reg.client, `${repo}:change_12345_latest`, {
        created: hoursAgo(1),
      });
      proxy.reset();
      const { ctx, outcome } = await runRole(role, {
        zuul: zuulVars(),
        container_images: [{ repository: repo, registry: proxy.host, tags: ['latest'] }],
        container_registry_credentials: creds(proxy.host),
      });
      expect(await digest(`${repo}:latest`)).toBe(img.digest);
      const result = outcome.result as PromoteResult;
      expect(result.promotions.map((p) => p.digest)).toEqual([img.digest]);
      expect(result.leftChangeTags).toEqual([`${repo}:change_12345_latest`]);
      expect(
        ctx.logs.some((l) => l.level === 'warn' && l.message.includes('change_12345_latest')),
      ).toBe(true);
      const deletes = proxy.stats().log.filter((e) => e.method === 'DELETE');
      expect(deletes.length).toBeGreaterThan(0);
      expect(deletes.some((e) => e.path.includes(img.digest))).toBe(false);
      // Left intact, not half-deleted.
      expect(await digest(`${repo}:change_12345_latest`)).toBe(img.digest);
    });
  });
});
