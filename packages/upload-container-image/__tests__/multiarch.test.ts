// a multi-arch image reaches the final registry as the full index, copied from the
// buildset registry or assembled from the build role's local per-platform images. The images
// are built by the real build-container-image role (FROM scratch: no emulation needed).
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { roles as buildRoles } from '@zuul-ts/build-container-image';
import type { ImageResult } from '@zuul-ts/build-container-image';
import { ContainerEngine } from '@zuul-ts/engine';
import { createRoleContext } from '@zuul-ts/role-kit';
import { localPlatformTag } from '@zuul-ts/container-vars';
import type { Vars } from '@zuul-ts/role-kit';
import { RegistryClient } from '@zuul-ts/registry';
import {
  answerRegistryError,
  registryClientFor,
  startRegistry,
  startRewriteProxy,
  tempDir,
  writeTree,
} from '@zuul-ts/testing';
import type { RegistryServer } from '@zuul-ts/testing';
// The final registry is addressed without a port: the buildset registry stores images under
// `<its host:port>/<repository>`, where only the first component may carry a port.
import { startFinalRegistry } from '../../job-composer/__tests__/flows/helpers';
import type { FinalRegistry } from '../../job-composer/__tests__/flows/helpers';
import { expectFullIndex as expectIndexOf } from '../../job-composer/__tests__/flows/multiarch';
import type { UploadedTag } from '../src';
import { uploadContainerImageRole } from '../src';
import { runUpload as run, uniq, zuul } from './helpers';

jest.setTimeout(300000);

const PLATFORMS = ['linux/amd64', 'linux/arm64'];

const uploaded = (o: { result?: unknown } | undefined) =>
  (o?.result as { uploaded?: UploadedTag[] } | undefined)?.uploaded ?? [];

describe.each(['docker', 'podman'] as const)(
  'upload-container-image multi-arch with %s',
  (kind) => {
    let final: FinalRegistry;
    let buildset: RegistryServer;
    let client: RegistryClient;
    let buildsetClient: RegistryClient;
    let engine: ContainerEngine;
    const localRefs = new Set<string>();
    const home = tempDir('zuul-ts-upload-arch-');

    beforeAll(async () => {
      [final, buildset] = await Promise.all([
        startFinalRegistry(),
        startRegistry({ flavour: 'tls-auth' }),
      ]);
      client = final.client;
      buildsetClient = registryClientFor(buildset);
      engine = await ContainerEngine.connect({ kind });
      writeTree(join(home, 'src/example.org/proj'), {
        'img/Dockerfile': 'FROM scratch\nCOPY f.txt /f.txt\n',
      });
    });
    afterAll(async () => {
      for (const ref of localRefs) await engine.remove(ref, { force: true }).catch(() => undefined);

      buildsetClient.close();
      await Promise.all([final.stop(), buildset.stop()]);
    });

    const buildsetVar = () => ({
      host: '127.0.0.1',
      port: buildset.port,
      username: buildset.username,
      password: buildset.password,
      cert: buildset.ca,
    });

    /** The job's variables: one multi-arch image and one plain image (mixing works). */
    function jobVars(repo: string, extra: Vars = {}): Vars {
      return {
        zuul,
        container_command: kind,
        zuul_work_dir: 'src/example.org/proj',
        ansible_user_dir: home,
        container_images: [
          {
            context: 'img',
            repository: repo,
            registry: final.host,
            tags: ['latest', 'v1'],
            arch: PLATFORMS,
          },
          { context: 'img', repository: `${repo}-plain`, registry: final.host },
        ],
        container_registry_credentials: {
          [final.host]: { username: final.registry.username, password: final.registry.password },
        },
        container_registry_ca: { [final.host]: final.registry.ca! },
        ...extra,
      };
    }

    /** Runs the real build role (content unique per test) and tracks what it left locally. */
    async function build(vars: Vars): Promise<ImageResult[]> {
      writeFileSync(join(home, 'src/example.org/proj/img/f.txt'), uniq('content'));
      const ctx = createRoleContext({ roleName: 'build-container-image', vars, onLog: () => {} });
      const out = await buildRoles[0].run(ctx);
      const images = (out.result as { images: ImageResult[] }).images;
      for (const img of images) img.localTags.forEach((r) => localRefs.add(r));
      return images;
    }

    /** The tag is an index of exactly PLATFORMS (configs checked), built for change 12345. */
    async function expectFullIndex(ref: string): Promise<string> {
      const digest = await expectIndexOf(client, ref, PLATFORMS);
      for (const p of PLATFORMS) {
        const [os, architecture] = p.split('/');
        const config = await client.getImageConfig(ref, { os, architecture });
        expect(config.config?.Labels?.['org.zuul-ci.change']).toBe('12345');
      }
      return digest;
    }

    test('with a buildset registry: the index is copied (all platforms, digest verified), no engine push', async () => {
      const repo = `${final.host}/${uniq('arch-bs')}`;
      const vars = jobVars(repo, { buildset_registry: buildsetVar() });
      await build(vars);
      const { error, ctx, outcome } = await run(vars);
      expect(error).toBeUndefined();
      expect((await client.listTags(repo)).sort()).toEqual([
        'change_12345_latest',
        'change_12345_v1',
      ]);
      const digest = await expectFullIndex(`${repo}:change_12345_latest`);
      expect((await client.headManifest(`${repo}:change_12345_v1`))?.digest).toBe(digest);
      // The same index as in the buildset registry (buildset path of the repository).
      const inBuildset = await buildsetClient.headManifest(`${buildset.host}/${repo}:latest`);
      expect(inBuildset?.digest).toBe(digest);
      expect(ctx.operations.map((o) => `${o.kind} ${o.target}`)).toEqual(
        [
          `engine.push ${repo}-plain:change_12345_latest`,
          `registry.copy ${repo}:change_12345_latest`,
          `registry.retag ${repo}:change_12345_v1`,
        ].sort(
          (a, b) =>
            ctx.operations.findIndex((o) => `${o.kind} ${o.target}` === a) -
            ctx.operations.findIndex((o) => `${o.kind} ${o.target}` === b),
        ),
      );
      expect(
        uploaded(outcome)
          .filter((u) => u.repository === repo)
          .map((u) => u.via),
      ).toEqual(['registry.copy', 'registry.retag']);
      // Non-arch image unchanged: the host image pushed by the engine.
      const plain = await client.getImageConfig(`${repo}-plain:change_12345_latest`);
      expect(plain.architecture).toBe('amd64');
      const text = JSON.stringify([ctx.logs, ctx.operations, outcome]);
      expect(text).not.toContain(final.registry.password!);
      expect(text).not.toContain(buildset.password!);
    });

    test('buildset registry from the results file (secret_data.buildset_registry), promote false: final tags', async () => {
      const repo = `${final.host}/${uniq('arch-rf')}`;
      const resultFile = join(home, `results-${uniq('f').replace(/\//g, '-')}.json`);
      writeFileSync(
        resultFile,
        JSON.stringify({ secret_data: { buildset_registry: buildsetVar() } }),
      );
      const vars = jobVars(repo, {
        zuul: { ...zuul, executor: { result_data_file: resultFile } },
        upload_container_image_promote: false,
      });
      await build(vars);
      const { error, ctx } = await run(vars);
      expect(error).toBeUndefined();
      expect((await client.listTags(repo)).sort()).toEqual(['latest', 'v1']);
      const digest = await expectFullIndex(`${repo}:latest`);
      expect((await client.headManifest(`${repo}:v1`))?.digest).toBe(digest);
      expect(
        ctx.operations.filter((o) => o.target.startsWith(`${repo}:`)).map((o) => o.kind),
      ).toEqual(['registry.copy', 'registry.retag']);
    });

    test('without a buildset registry: per-platform pushes under temporary tags, index assembled, temporary tags removed', async () => {
      const repo = `${final.host}/${uniq('arch-local')}`;
      const vars = jobVars(repo);
      const built = await build(vars);
      const platformImages = built[0].platforms!;
      const { error, ctx, outcome } = await run(vars);
      expect(error).toBeUndefined();
      // Exactly the upload tags remain: the temporary per-platform tags are gone.
      expect((await client.listTags(repo)).sort()).toEqual([
        'change_12345_latest',
        'change_12345_v1',
      ]);
      const digest = await expectFullIndex(`${repo}:change_12345_latest`);
      expect((await client.headManifest(`${repo}:change_12345_v1`))?.digest).toBe(digest);
      // The index children are the manifests built per platform.
      const index = JSON.parse(
        (await client.getManifest(`${repo}:change_12345_latest`)).bytes.toString(),
      ) as {
        manifests: { digest: string }[];
      };
      for (const child of index.manifests)
        expect(await client.headManifest(`${repo}@${child.digest}`)).toBeDefined();
      const kinds = ctx.operations.filter(
        (o) => o.target.startsWith(repo + ':') || o.target === repo,
      );
      expect(kinds.filter((o) => o.kind === 'engine.push').map((o) => o.target)).toEqual(
        PLATFORMS.map((p) =>
          expect.stringMatching(
            new RegExp(`^${repo}:zuul-ts-tmp\\.[0-9a-f]{8}\\.${p.replace('/', '-')}$`),
          ),
        ),
      );
      expect(kinds.map((o) => o.kind).filter((k) => k.startsWith('registry.'))).toEqual([
        'registry.put-index',
        'registry.delete-tags',
        'registry.retag',
      ]);
      expect(
        uploaded(outcome)
          .filter((u) => u.repository === repo)
          .map((u) => [u.tag, u.via]),
      ).toEqual([
        ['change_12345_latest', 'registry.put-index'],
        ['change_12345_v1', 'registry.retag'],
      ]);
      // The build's per-platform images are still there, and no temporary local tag is left.
      for (const p of platformImages)
        expect(
          (await engine.inspect(`${repo}:${localPlatformTag('latest', p.platform)}`))?.id,
        ).toBe(p.imageId);
      for (const o of kinds.filter((k) => k.kind === 'engine.push'))
        expect(await engine.inspect(o.target)).toBeUndefined();
      expect(await client.getImageConfig(`${repo}-plain:change_12345_latest`)).toBeDefined();
    });

    test('missing per-platform local images fail before anything is pushed, naming the image', async () => {
      const repo = `${final.host}/${uniq('arch-missing')}`;
      const vars = jobVars(repo);
      // Only the plain image exists locally: the multi-arch one was never built here.
      await build({ ...vars, container_images: [(vars.container_images as Vars[])[1]] });
      const { error, ctx } = await run(vars);
      expect(error?.message).toContain('container_images[0]');
      expect(error?.message).toContain(localPlatformTag('latest', 'linux/amd64'));
      expect(ctx.operations).toEqual([]);
      expect(await client.listTags(`${repo}-plain`).catch(() => [])).toEqual([]);
    });

    test('a registry refusing deletes: the index is uploaded, the remaining temporary tags are named in a warning', async () => {
      // Plain registry behind a proxy answering every manifest DELETE 405 UNSUPPORTED.
      const plain = await startRegistry({ flavour: 'plain' });
      const proxy = await startRewriteProxy(`http://${plain.host}`, {
        intercept: (req, res) =>
          req.method === 'DELETE' && /\/manifests\//.test(req.url ?? '')
            ? answerRegistryError(req, res, 405, 'UNSUPPORTED', 'The operation is unsupported.')
            : false,
      });
      const refusing = new RegistryClient({});
      try {
        const repo = `${proxy.host}/${uniq('arch-nodelete')}`;
        // The build role's per-platform local tags (built directly: a repository with a port
        // cannot go through the build role's temporary registry path).
        writeFileSync(join(home, 'src/example.org/proj/img/f.txt'), uniq('content'));
        for (const platform of PLATFORMS) {
          const ref = `${repo}:${localPlatformTag('latest', platform)}`;
          localRefs.add(ref);
          await engine.build({
            contextDir: join(home, 'src/example.org/proj/img'),
            dockerfile: join(home, 'src/example.org/proj/img/Dockerfile'),
            tags: [ref],
            platform,
            labels: { 'org.zuul-ci.change': '12345' },
          });
        }
        const vars: Vars = {
          zuul,
          container_command: kind,
          container_images: [
            { repository: repo, registry: proxy.host, tags: ['latest'], arch: PLATFORMS },
          ],
          container_registry_credentials: {
            // The registry has no auth; a random password so redaction masks nothing else.
            [proxy.host]: { username: 'u', password: randomBytes(12).toString('hex') },
          },
        };
        const { error, ctx } = await run(vars);
        expect(error).toBeUndefined();
        const index = JSON.parse(
          (await refusing.getManifest(`${repo}:change_12345_latest`)).bytes.toString(),
        ) as { manifests: { platform: { os: string; architecture: string } }[] };
        expect(index.manifests.map((c) => `${c.platform.os}/${c.platform.architecture}`)).toEqual(
          PLATFORMS,
        );
        const tags = (await refusing.listTags(repo)).sort();
        const temporary = tags.filter((t) => t.startsWith('zuul-ts-tmp.'));
        expect(temporary).toHaveLength(2);
        expect(tags).toEqual(['change_12345_latest', ...temporary].sort());
        const warning = ctx.logs.find((l) => l.level === 'warn' && l.message.includes('remain'));
        for (const t of temporary) expect(warning?.message).toContain(t);
      } finally {
        refusing.close();
        await proxy.stop();
        await plain.stop();
      }
    });
  },
);

describe('upload-container-image multi-arch dry run', () => {
  const vars = (extra: Vars = {}): Vars => ({
    zuul,
    container_images: [
      {
        repository: 'registry.example.org/org/app',
        registry: 'registry.example.org',
        tags: ['latest', 'v1'],
        arch: PLATFORMS,
      },
    ],
    container_registry_credentials: { 'registry.example.org': { username: 'u', password: 'p' } },
    ...extra,
  });
  const plan = async (v: Vars) => {
    const ctx = createRoleContext({
      roleName: 'upload-container-image',
      vars: v,
      dryRun: true,
      onLog: () => {},
    });
    await uploadContainerImageRole.run(ctx);
    return ctx.operations.map((o) => `${o.kind} ${o.target}`);
  };

  test('with a buildset registry: one copy of the index, then retags', async () => {
    expect(await plan(vars({ buildset_registry: { host: '10.0.0.5', port: 5000 } }))).toEqual([
      'registry.copy registry.example.org/org/app:change_12345_latest',
      'registry.retag registry.example.org/org/app:change_12345_v1',
    ]);
  });

  test('without: per-platform tag + push + untag, the index, temporary tags removed, retags', async () => {
    const ops = await plan(vars());
    const tmp = (p: string) =>
      expect.stringMatching(
        new RegExp(`^registry.example.org/org/app:zuul-ts-tmp\\.[0-9a-f]{8}\\.${p}$`),
      );
    expect(ops.map((o) => o.split(' ')[0])).toEqual([
      'engine.tag',
      'engine.push',
      'engine.untag',
      'engine.tag',
      'engine.push',
      'engine.untag',
      'registry.put-index',
      'registry.delete-tags',
      'registry.retag',
    ]);
    expect(ops[1].split(' ')[1]).toEqual(tmp('linux-amd64'));
    expect(ops[4].split(' ')[1]).toEqual(tmp('linux-arm64'));
    expect(ops[6]).toBe('registry.put-index registry.example.org/org/app:change_12345_latest');
  });

  test('a malformed arch names its path, nothing planned', async () => {
    const v = vars();
    (v.container_images as Vars[])[0].arch = ['amd64'];
    const ctx = createRoleContext({
      roleName: 'upload-container-image',
      vars: v,
      dryRun: true,
      onLog: () => {},
    });
    await expect(uploadContainerImageRole.run(ctx)).rejects.toThrow('container_images[0].arch[0]');
    expect(ctx.operations).toEqual([]);
  });
});
