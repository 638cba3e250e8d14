import { ContainerEngine } from '@zuul-ts/engine';
import { RegistryClient } from '@zuul-ts/registry';
import { pushTestImage } from '@zuul-ts/testing';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { recent, run, uniq, useProxiedRegistry, useSuite, zuulVars } from './harness';
import { usePrivateDocker } from './private-docker';

export interface ConcurrencySizes {
  /** Summary file name. */
  name: string;
  /** Rounds of the two-promote-jobs case. */
  rounds: number;
  retagRounds: number;
  retags: number;
}

/**
 * Issue 8 "Concurrency", sized by the caller: concurrency.test.ts (npm test) and
 * concurrency.soak.test.ts (npm run test:soak) define the same cases with different sizes.
 */
export function defineConcurrencySuite({
  name,
  rounds: ROUNDS,
  retagRounds: RETAG_ROUNDS,
  retags: RETAGS,
}: ConcurrencySizes): void {
  jest.setTimeout(600000);
  const { scanner, summary } = useSuite(name);
  const SECTION = name.startsWith('soak') ? 'Soak' : 'Concurrency';
  // Own dockerd for the build case (independent of other suites' use of the shared one).
  usePrivateDocker(`rel-${name}`);
  const env = useProxiedRegistry(30);
  const PASSWORD = 'concurrency-pw-a81f';
  beforeAll(() => scanner.addCredential('zuul', PASSWORD));
  const creds = () => ({ [env.proxy.host]: { username: 'zuul', password: PASSWORD } });

  test(`two promote jobs for different changes of the same repositories at once, ${ROUNDS} rounds`, async () => {
    // The CI failure this guards against: both jobs' tag deletions went through one shared
    // placeholder manifest and one of them got a 404 from distribution 2.8 (B-series data loss).
    let lost = 0;
    let jobs = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const repos = [uniq('cc-a'), uniq('cc-b'), uniq('cc-c')];
      const direct = (r: string) => `${env.registry.host}/${r}`;
      const want: Record<string, string> = {};
      for (const [i, r] of repos.entries()) {
        // Repo a: both changes built the same image (shared digest); b and c: distinct images.
        const one = await pushTestImage(env.direct, `${direct(r)}:change_12345_x1`, {
          created: recent(),
          seed: 1000 + i,
        });
        const two =
          i === 0
            ? one
            : await pushTestImage(env.direct, `${direct(r)}:change_12346_y1`, {
                created: recent(),
                seed: 2000 + i,
              });
        if (i === 0) await env.direct.retag(direct(r), 'change_12345_x1', 'change_12346_y1');
        await env.direct.retag(direct(r), 'change_12345_x1', 'change_12345_x2');
        await env.direct.retag(direct(r), 'change_12346_y1', 'change_12346_y2');
        await env.direct.retag(direct(r), 'change_12345_x1', 'keep');
        for (const t of ['x1', 'x2']) want[`${r}:${t}`] = one.digest;
        for (const t of ['y1', 'y2']) want[`${r}:${t}`] = two.digest;
        want[`${r}:keep`] = one.digest;
      }
      const job = (change: string, tags: string[]) =>
        run(scanner, 'promote-container-image', {
          zuul: zuulVars({ change, change_url: `https://review.example.org/${change}` }),
          container_images: repos.map((r) => ({
            repository: `${env.proxy.host}/${r}`,
            registry: env.proxy.host,
            tags,
          })),
          container_registry_credentials: creds(),
        });
      const [a, b] = await Promise.all([job('12345', ['x1', 'x2']), job('12346', ['y1', 'y2'])]);
      expect(a.error).toBeUndefined();
      expect(b.error).toBeUndefined();
      jobs += 2;
      for (const r of repos) {
        // Each job promoted its own tags only and removed its own change tags only.
        expect((await env.direct.listTags(direct(r))).sort()).toEqual([
          'keep',
          'x1',
          'x2',
          'y1',
          'y2',
        ]);
        for (const t of ['x1', 'x2', 'y1', 'y2', 'keep'])
          if ((await env.direct.headManifest(`${direct(r)}:${t}`))?.digest !== want[`${r}:${t}`])
            lost++;
      }
      expect(lost).toBe(0);
    }
    summary.record({
      section: SECTION,
      case: 'two promote jobs, different changes, same 3 repositories (one shared digest)',
      cases: ROUNDS,
      jobsCompleted: jobs,
      tagsLost: lost,
    });
  });

  test(`${RETAGS} parallel retags into one repository, ${RETAG_ROUNDS} rounds (distribution 2.8)`, async () => {
    const repo = `${env.proxy.host}/${uniq('retag')}`;
    const img = await pushTestImage(
      env.direct,
      `${repo.replace(env.proxy.host, env.registry.host)}:src`,
    );
    const client = new RegistryClient();
    let failures = 0;
    let done = 0;
    try {
      for (let round = 0; round < RETAG_ROUNDS; round++) {
        const results = await Promise.allSettled(
          Array.from({ length: RETAGS }, (_, i) => client.retag(repo, 'src', `r${round}-t${i}`)),
        );
        for (const r of results) {
          if (r.status === 'rejected') {
            failures++;
            scanner.capture('retag failure', r.reason);
          } else {
            expect(r.value).toBe(img.digest);
            done++;
          }
        }
      }
    } finally {
      client.close();
    }
    expect(failures).toBe(0);
    const tags = await env.direct.listTags(repo.replace(env.proxy.host, env.registry.host));
    expect(tags.length).toBe(RETAGS * RETAG_ROUNDS + 1);
    summary.record({
      section: SECTION,
      case: `${RETAGS} parallel retags into one repository`,
      cases: RETAG_ROUNDS,
      jobsCompleted: done,
      tagsLost: RETAGS * RETAG_ROUNDS + 1 - tags.length,
      note: `${failures} failures`,
    });
  });

  test('two builds of images sharing one context at once: siblings folders do not collide', async () => {
    const engine = await ContainerEngine.connect({ kind: 'docker' });
    const home = mkdtempSync(join(tmpdir(), 'zuul-ts-rel-sib-'));
    const project = join(home, 'src', 'example.org', 'proj');
    const write = (p: string, content: string) => {
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, content);
    };
    for (const ctx of ['img', 'img2']) {
      mkdirSync(join(project, ctx), { recursive: true });
      copyFileSync('/bin/busybox', join(project, ctx, 'busybox'));
      // The build fails unless .zuul-siblings holds exactly this image's siblings.
      write(
        join(project, ctx, 'Dockerfile'),
        [
          'FROM scratch',
          'COPY busybox /bin/busybox',
          'ARG ZUUL_SIBLINGS',
          'COPY .zuul-siblings /sib',
          'RUN ["/bin/busybox", "sh", "-c", "set -- $ZUUL_SIBLINGS; for s; do /bin/busybox test -f /sib/$s/f || exit 1; done; test $(/bin/busybox find /sib -name f | /bin/busybox wc -l) -eq $#"]',
        ].join('\n'),
      );
    }
    for (const s of ['lib', 'other', 'third'])
      write(join(home, 'src', 'opendev.org', 'x', s, 'f'), s);
    const refs: string[] = [];
    const images = (ctx: string, sets: string[][]) =>
      sets.map((siblings, i) => {
        const repository = `quay.io/org/${uniq(`sib-${ctx}-${i}`).replace(/^org\//, '')}`;
        refs.push(`${repository}:latest`);
        return { context: ctx, repository, siblings: siblings.map((s) => `opendev.org/x/${s}`) };
      });
    const vars = (list: unknown[]) => ({
      zuul: zuulVars(),
      zuul_work_dir: 'src/example.org/proj',
      ansible_user_dir: home,
      container_command: 'docker',
      container_images: list,
    });
    try {
      const [a, b] = await Promise.all([
        run(
          scanner,
          'build-container-image',
          vars(images('img', [['lib'], ['lib', 'other'], ['third']])),
        ),
        run(scanner, 'build-container-image', vars(images('img2', [['other', 'third'], ['lib']]))),
      ]);
      expect(a.error).toBeUndefined();
      expect(b.error).toBeUndefined();
      for (const ref of refs) expect(await engine.inspect(ref)).toBeDefined();
      expect(existsSync(join(project, 'img', '.zuul-siblings'))).toBe(false);
      expect(existsSync(join(project, 'img2', '.zuul-siblings'))).toBe(false);
      summary.record({
        section: SECTION,
        case: 'two builds at once, 5 images, 2 shared contexts, different siblings',
        cases: refs.length,
        jobsCompleted: 2,
        tagsLost: 0,
      });
    } finally {
      for (const ref of refs) await engine.remove(ref, { force: true }).catch(() => undefined);
      rmSync(home, { recursive: true, force: true });
    }
  });
}
