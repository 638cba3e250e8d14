import { RegistryClient } from '@zuul-ts/registry';
import { pushTestImage, pushTestIndex } from '@zuul-ts/testing';
import { randomBytes } from 'node:crypto';
import { faultsInjected, keyedFaults } from '../src';
import { recent, run, uniq, useProxiedRegistry, useSuite, zuulVars } from './harness';

jest.setTimeout(1800000);

// Soak: 20 % transient faults over 25 seeds for promote (tag method) and copy, bigger images.
// `npm run test:soak` only (jest.config.js excludes *.soak.test.ts from `npm test`).
const SEEDS = Array.from({ length: 25 }, (_, i) => 7001 + i * 13);
const { scanner, summary } = useSuite('soak-faults');
const env = useProxiedRegistry(70);
const PASSWORD = `soak-${randomBytes(6).toString('hex')}`;
beforeAll(() => scanner.addCredential('zuul', PASSWORD, env.proxy.host));

test(`promote + copy under 20 % faults, ${SEEDS.length} seeds`, async () => {
  let faults = 0;
  let jobs = 0;
  let lost = 0;
  for (const seed of SEEDS) {
    const repos = [uniq('soak-a'), uniq('soak-b'), uniq('soak-c')];
    const digests: string[] = [];
    for (const r of repos) {
      const d = `${env.registry.host}/${r}`;
      const img = await pushTestImage(env.direct, `${d}:change_12345_latest`, {
        created: recent(),
        layers: 3,
      });
      for (const t of ['v1', 'v2'])
        await env.direct.retag(d, 'change_12345_latest', `change_12345_${t}`);
      digests.push(img.digest);
    }
    const index = await pushTestIndex(env.direct, `${env.registry.host}/${repos[0]}:idx`);
    env.proxy.reset();
    env.proxy.setFaults(keyedFaults({ seed, rate: 0.2 }));
    const res = await run(scanner, 'promote-container-image', {
      zuul: zuulVars(),
      container_images: repos.map((r) => ({
        repository: `${env.proxy.host}/${r}`,
        registry: env.proxy.host,
        tags: ['latest', 'v1', 'v2'],
      })),
      container_registry_credentials: {
        [env.proxy.host]: { username: 'zuul', password: PASSWORD },
      },
    });
    const client = new RegistryClient({ retry: { baseDelayMs: 50 } });
    try {
      await client.copy(
        `${env.proxy.host}/${repos[0]}:idx`,
        `${env.proxy.host}/${uniq('soak-copy')}:idx`,
      );
    } finally {
      client.close();
    }
    faults += faultsInjected(env.proxy);
    env.proxy.setFaults([]);
    expect(res.error).toBeUndefined();
    jobs += 2;
    for (const [i, r] of repos.entries())
      for (const t of ['latest', 'v1', 'v2'])
        if (
          (await env.direct.headManifest(`${env.registry.host}/${r}:${t}`))?.digest !== digests[i]
        )
          lost++;
    expect(index.digest).toBeDefined();
  }
  expect(lost).toBe(0);
  summary.record({
    section: 'Soak',
    case: `promote (3 repos x 3 tags) + index copy under 20 % faults`,
    cases: SEEDS.length,
    faultsInjected: faults,
    jobsCompleted: jobs,
    tagsLost: lost,
  });
});
