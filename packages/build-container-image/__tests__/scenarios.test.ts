/**
 * The build-container-image scenarios as one table, run against the real dockerd and the real
 * podman. zuul-jobs' buildx temporary-registry path is replaced by plain builds; podman with
 * `arch` and multi-arch builds succeed on both engines without emulation (FROM scratch images).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ContainerEngine } from '@zuul-ts/engine';
import type { RoleOutcome, Vars } from '@zuul-ts/role-kit';
import { localPlatformTag } from '@zuul-ts/container-vars';
import type { RegistryClient } from '@zuul-ts/registry';
import { registryClientFor, startRegistry } from '@zuul-ts/testing';
import type { RegistryServer } from '@zuul-ts/testing';
import type { ImageResult } from '@zuul-ts/build-container-image';
import {
  BUSYBOX_PRELUDE,
  baseVars,
  context,
  Images,
  makeNode,
  role,
  uid,
  writeTree,
} from './fixture';
import type { Node } from './fixture';

jest.setTimeout(300000);

type Engine = 'docker' | 'podman';

interface World {
  engineName: Engine;
  engine: ContainerEngine;
  images: Images;
  registry: RegistryServer;
  client: RegistryClient;
  buildsetVar: Vars;
}

interface Scenario {
  name: string;
  files: Record<string, string>;
  /** Extra variables; `repo` is a fresh unique repository. */
  vars: (repo: string, world: World, node: Node) => Vars;
  check: (out: RoleOutcome, repo: string, world: World, node: Node) => Promise<void>;
}

const SIMPLE = { 'img/Dockerfile': 'FROM scratch\nCOPY f.txt /f.txt\n', 'img/f.txt': 'hello' };

function imagesOf(out: RoleOutcome): ImageResult[] {
  return (out.result as { images: ImageResult[] }).images;
}

async function expectLocalTags(world: World, repo: string, tags: string[]) {
  const ids = new Set<string>();
  for (const t of tags) {
    const d = await world.images.inspect(`${repo}:${t}`);
    expect(d).toBeDefined();
    ids.add(d!.id);
  }
  expect(ids.size).toBe(1);
}

const scenarios: Scenario[] = [
  {
    name: '1 change build, no buildset registry: final + change tags, zuul labels, no registry writes',
    files: SIMPLE,
    vars: (repo) => ({
      container_images: [
        { context: 'img', repository: repo, registry: 'quay.io', tags: ['latest', 'v1'] },
      ],
    }),
    check: async (out, repo, world, node) => {
      await expectLocalTags(world, repo, [
        'latest',
        'v1',
        'change_12345_latest',
        'change_12345_v1',
      ]);
      const d = await world.images.inspect(`${repo}:latest`);
      expect(d!.labels['org.zuul-ci.change']).toBe('12345');
      expect(d!.labels['org.zuul-ci.change_url']).toBe('https://review.example.org/12345');
      expect(imagesOf(out)[0].pushed).toEqual([]);
      expect(existsSync(join(node.project, 'img/.zuul-siblings'))).toBe(false);
    },
  },
  {
    name: '2 periodic build: pipeline-prefixed tags on both engines, no change label',
    files: SIMPLE,
    vars: (repo) => ({
      zuul: { pipeline: 'periodic', change_url: 'https://example.org/periodic' },
      container_images: [{ context: 'img', repository: repo, tags: ['latest', 'v1'] }],
    }),
    check: async (_out, repo, world) => {
      await expectLocalTags(world, repo, ['latest', 'v1', 'periodic_latest', 'periodic_v1']);
      const d = await world.images.inspect(`${repo}:latest`);
      expect(d!.labels['org.zuul-ci.change']).toBeUndefined();
      expect(d!.labels['org.zuul-ci.change_url']).toBe('https://example.org/periodic');
      expect(await world.images.inspect(`${repo}:change_12345_latest`)).toBeUndefined();
    },
  },
  {
    name: '3 buildset registry: final tags pushed under <loc>/<repository>, change tags not',
    files: SIMPLE,
    vars: (repo, world) => ({
      ...world.buildsetVar,
      container_images: [{ context: 'img', repository: repo, tags: ['latest', 'v1'] }],
    }),
    check: async (out, repo, world) => {
      const remote = `${world.registry.host}/${repo}`;
      expect((await world.client.listTags(remote)).sort()).toEqual(['latest', 'v1']);
      const pushed = imagesOf(out)[0].pushed;
      expect(pushed.map((p) => p.reference)).toEqual([`${remote}:latest`, `${remote}:v1`]);
      for (const p of pushed)
        expect(p.digest).toBe((await world.client.headManifest(p.reference))?.digest);
      world.images.track(...pushed.map((p) => p.reference));
    },
  },
  {
    name: '3b docker.io repository is stored without the docker.io prefix',
    files: SIMPLE,
    vars: (_repo, world) => ({
      ...world.buildsetVar,
      container_images: [{ context: 'img', repository: `docker.io/org/app-${uid()}` }],
    }),
    check: async (out, _repo, world) => {
      const img = imagesOf(out)[0];
      const path = img.repository.slice('docker.io/'.length);
      expect(await world.client.listTags(`${world.registry.host}/${path}`)).toEqual(['latest']);
      world.images.track(...img.localTags, ...img.pushed.map((p) => p.reference));
    },
  },
  {
    name: '6/7 multi-arch image with a buildset registry: index of exactly the platforms, host image local',
    files: SIMPLE,
    vars: (repo, world) => ({
      ...world.buildsetVar,
      container_images: [
        {
          context: 'img',
          repository: repo,
          tags: ['latest', 'v1'],
          arch: ['linux/amd64', 'linux/arm64'],
        },
        // an image without arch in the same run builds normally.
        { context: 'img', repository: `${repo}-plain` },
      ],
    }),
    check: async (out, repo, world) => {
      const remote = `${world.registry.host}/${repo}`;
      for (const tag of ['latest', 'v1']) {
        const m = await world.client.getManifest(`${remote}:${tag}`);
        const index = JSON.parse(m.bytes.toString()) as {
          manifests: { digest: string; platform: { architecture: string; os: string } }[];
        };
        expect(index.manifests.map((c) => `${c.platform.os}/${c.platform.architecture}`)).toEqual([
          'linux/amd64',
          'linux/arm64',
        ]);
        for (const arch of ['amd64', 'arm64']) {
          const config = await world.client.getImageConfig(`${remote}:${tag}`, {
            os: 'linux',
            architecture: arch,
          });
          expect(config.architecture).toBe(arch);
          expect(config.config?.Labels?.['org.zuul-ci.change']).toBe('12345');
        }
      }
      await expectLocalTags(world, repo, [
        'latest',
        'v1',
        'change_12345_latest',
        'change_12345_v1',
      ]);
      expect((await world.images.inspect(`${repo}:latest`))!.architecture).toBe('amd64');
      expect(await world.images.inspect(`${remote}:latest`)).toBeUndefined();
      expect(await world.client.listTags(`${world.registry.host}/${repo}-plain`)).toEqual([
        'latest',
      ]);
      for (const img of imagesOf(out))
        world.images.track(...img.localTags, ...img.pushed.map((p) => p.reference));
    },
  },
  {
    name: '7b multi-arch without a buildset registry: temporary loopback registry, host image local',
    files: SIMPLE,
    vars: (repo) => ({
      container_images: [
        { context: 'img', repository: repo, arch: ['linux/arm64', 'linux/amd64'] },
      ],
    }),
    check: async (out, repo, world) => {
      const img = imagesOf(out)[0];
      expect(img.platforms!.map((p) => p.platform)).toEqual(['linux/arm64', 'linux/amd64']);
      expect(img.pushed).toEqual([]);
      const local = await world.images.inspect(`${repo}:latest`);
      expect(local!.architecture).toBe('amd64');
      expect(local!.id).toBe(img.platforms![1].imageId);
      await expectLocalTags(world, repo, ['latest', 'change_12345_latest']);
      // every platform's image stays local under its platform tag, for upload.
      for (const p of img.platforms!) {
        const ref = `${repo}:${localPlatformTag('latest', p.platform)}`;
        expect(img.localTags).toContain(ref);
        const d = await world.images.inspect(ref);
        expect(d!.id).toBe(p.imageId);
        expect(`${d!.os}/${d!.architecture}`).toBe(p.platform);
      }
      world.images.track(...img.localTags);
    },
  },
  {
    name: '5 short repository: error naming the variable, nothing built',
    files: SIMPLE,
    vars: (repo) => ({
      container_images: [
        { context: 'img', repository: `${repo}-first` },
        { context: 'img', repository: 'app' },
      ],
    }),
    check: async () => undefined,
  },
  {
    name: '8a no container_filename: podman prefers Containerfile, docker uses Dockerfile',
    files: {
      'img/Dockerfile': 'FROM scratch\nCOPY f.txt /f.txt\nLABEL which=Dockerfile\n',
      'img/Containerfile': 'FROM scratch\nCOPY f.txt /f.txt\nLABEL which=Containerfile\n',
      'img/f.txt': 'x',
    },
    vars: (repo) => ({ container_images: [{ context: 'img', repository: repo }] }),
    check: async (_out, repo, world) => {
      const d = await world.images.inspect(`${repo}:latest`);
      expect(d!.labels.which).toBe(world.engineName === 'podman' ? 'Containerfile' : 'Dockerfile');
    },
  },
  {
    name: '8b image-level container_filename wins over the job-level one',
    files: {
      'img/Build.df': 'FROM scratch\nCOPY f.txt /f.txt\nLABEL which=Build.df\n',
      'img/Other.df': 'FROM scratch\nCOPY f.txt /f.txt\nLABEL which=Other.df\n',
      'img/f.txt': 'x',
    },
    vars: (repo) => ({
      container_filename: 'Build.df',
      container_images: [
        { context: 'img', repository: `${repo}-a`, container_filename: 'Other.df' },
        { context: 'img', repository: `${repo}-b` },
      ],
    }),
    check: async (_out, repo, world) => {
      expect((await world.images.inspect(`${repo}-a:latest`))!.labels.which).toBe('Other.df');
      expect((await world.images.inspect(`${repo}-b:latest`))!.labels.which).toBe('Build.df');
    },
  },
  {
    name: '9 path ../.. : the project root is the context, the file stays under images/app',
    files: {
      busybox: '@busybox',
      'setup.py': 'print(1)\n',
      'images/app/Containerfile': `${BUSYBOX_PRELUDE}\nCOPY setup.py /setup.py\nRUN test -f /setup.py\n`,
    },
    vars: (repo) => ({
      container_images: [
        {
          context: 'images/app',
          path: '../..',
          container_filename: 'Containerfile',
          repository: repo,
        },
      ],
    }),
    check: async (_out, repo, world) => {
      expect(await world.images.inspect(`${repo}:latest`)).toBeDefined();
    },
  },
  {
    name: '10 build args, target, labels',
    files: {
      'img/busybox': '@busybox',
      'img/Dockerfile': [
        BUSYBOX_PRELUDE.replace('FROM scratch', 'FROM scratch AS final'),
        'ARG A',
        'ARG B',
        'RUN test "$A" = 1 && test "$B" = two && echo "$A$B" > /args',
        'FROM final AS later',
        'RUN exit 9',
      ].join('\n'),
    },
    vars: (repo) => ({
      container_images: [
        {
          context: 'img',
          repository: repo,
          build_args: ['A=1', 'B=two'],
          target: 'final',
          labels: ['x=y'],
        },
      ],
    }),
    check: async (_out, repo, world) => {
      const d = await world.images.inspect(`${repo}:latest`);
      expect(d!.labels.x).toBe('y');
      expect(d!.labels['org.zuul-ci.change']).toBe('12345');
    },
  },
  {
    name: '11 siblings copied under .zuul-siblings with ZUUL_SIBLINGS; two images sharing the context',
    files: {
      'img/busybox': '@busybox',
      'img/Dockerfile': [
        BUSYBOX_PRELUDE,
        'ARG ZUUL_SIBLINGS',
        'COPY .zuul-siblings /sib',
        'RUN for s in $ZUUL_SIBLINGS; do test -f /sib/$s/f || exit 1; done && echo "$ZUUL_SIBLINGS" > /siblings',
      ].join('\n'),
    },
    vars: (repo, _world, node) => {
      writeTree(node.srcRoot, { 'opendev.org/x/lib/f': 'lib', 'opendev.org/x/other/f': 'other' });
      return {
        container_images: [
          { context: 'img', repository: `${repo}-a`, siblings: ['opendev.org/x/lib'] },
          {
            context: 'img',
            repository: `${repo}-b`,
            siblings: ['opendev.org/x/lib', 'opendev.org/x/other'],
          },
        ],
      };
    },
    check: async (_out, repo, world, node) => {
      expect(await world.images.inspect(`${repo}-a:latest`)).toBeDefined();
      expect(await world.images.inspect(`${repo}-b:latest`)).toBeDefined();
      expect(existsSync(join(node.project, 'img/.zuul-siblings'))).toBe(false);
    },
  },
];

describe.each(['docker', 'podman'] as const)('build-container-image on %s', (engineName) => {
  const world = { engineName } as World;

  beforeAll(async () => {
    world.engine = await ContainerEngine.connect({ kind: engineName });
    world.images = new Images(world.engine);
    world.registry = await startRegistry({ flavour: 'tls-auth' });
    world.client = registryClientFor(world.registry);
    world.buildsetVar = {
      buildset_registry: {
        host: '127.0.0.1',
        port: world.registry.port,
        username: world.registry.username,
        password: world.registry.password,
        cert: world.registry.ca,
      },
    };
  });
  afterEach(() => world.images.cleanup());
  afterAll(async () => {
    world.client.close();
    await world.registry.stop();
  });

  test.each(scenarios.map((s) => [s.name, s] as const))('%s', async (name, s) => {
    const node = makeNode(s.files);
    const repo = world.images.repo(`quay.io/org/${engineName}`);
    const vars = baseVars(node, engineName, s.vars(repo, world, node));
    const ctx = context(vars);
    if (name.startsWith('5 ')) {
      await expect(role.run(ctx)).rejects.toThrow(
        'container_images[1].repository: app must be a full container image url including registry location',
      );
      expect(ctx.operations).toEqual([]);
      expect(await world.images.inspect(`${repo}-first:latest`)).toBeUndefined();
      return;
    }
    const out = await role.run(ctx);
    for (const img of imagesOf(out)) world.images.track(...img.localTags);
    await s.check(out, repo, world, node);
  });
});
