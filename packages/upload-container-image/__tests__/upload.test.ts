import type { Vars } from '@zuul-ts/role-kit';
import { pushTestImage, startFaultProxy, startRegistry } from '@zuul-ts/testing';
import type { FaultProxy, RegistryServer } from '@zuul-ts/testing';
import type { UploadedTag } from '../src';
import { buildLocal, runUpload as run, uniq, useUploadSuite, zuul } from './helpers';

jest.setTimeout(180000);

const uploaded = (o: { result?: unknown } | undefined) =>
  (o?.result as { uploaded?: UploadedTag[] } | undefined)?.uploaded;

describe.each(['docker', 'podman'] as const)('upload-container-image with %s', (kind) => {
  const s = useUploadSuite(kind, 'tls-auth');

  const baseVars = (repository: string, extra: Vars = {}): Vars => ({
    zuul,
    container_command: kind,
    container_images: [
      { context: '.', repository, registry: s.registry.host, tags: ['latest', 'v1'] },
    ],
    container_registry_credentials: {
      [s.registry.host]: {
        username: s.registry.username,
        password: s.registry.password,
        repository: `^${s.registry.host.replace(/\./g, '\\.')}/org/.*`,
      },
    },
    container_registry_ca: { [s.registry.host]: s.registry.ca },
    ...extra,
  });

  async function built(prefix: string): Promise<string> {
    const repo = `${s.registry.host}/${uniq(prefix)}`;
    const refs = ['latest', 'v1', 'change_12345_latest', 'change_12345_v1'].map(
      (t) => `${repo}:${t}`,
    );
    s.localRefs.push(...refs);
    await buildLocal(s.engine, refs);
    return repo;
  }

  test('gate: only the change tags, one engine push then a verified registry retag', async () => {
    const repo = await built('gate');
    // The released image already on the registry: `latest` and `v1` must stay as they are.
    const released = await pushTestImage(s.client, `${repo}:latest`);
    await s.client.retag(repo, 'latest', 'v1');
    const { error, ctx, outcome } = await run(baseVars(repo));
    expect(error).toBeUndefined();
    expect((await s.client.listTags(repo)).sort()).toEqual([
      'change_12345_latest',
      'change_12345_v1',
      'latest',
      'v1',
    ]);
    for (const t of ['latest', 'v1'])
      expect((await s.client.headManifest(`${repo}:${t}`))?.digest).toBe(released.digest);
    const latest = await s.client.headManifest(`${repo}:change_12345_latest`);
    expect((await s.client.headManifest(`${repo}:change_12345_v1`))?.digest).toBe(latest?.digest);
    expect(ctx.operations.map((o) => `${o.kind} ${o.target}`)).toEqual([
      `engine.push ${repo}:change_12345_latest`,
      `registry.retag ${repo}:change_12345_v1`,
    ]);
    expect(uploaded(outcome)?.map((u) => [u.tag, u.digest])).toEqual([
      ['change_12345_latest', latest?.digest],
      ['change_12345_v1', latest?.digest],
    ]);
    expect(JSON.stringify([ctx.logs, ctx.operations, outcome])).not.toContain(s.registry.password!);
  });

  test('release: promote false pushes the final tags, also with the intermediate method', async () => {
    const repo = await built('release');
    const { error } = await run(
      baseVars(repo, {
        upload_container_image_promote: false,
        promote_container_image_method: 'intermediate-registry',
      }),
    );
    expect(error).toBeUndefined();
    expect((await s.client.listTags(repo)).sort()).toEqual(['latest', 'v1']);
  });

  test('tags whose local images differ get their own engine push', async () => {
    const repo = `${s.registry.host}/${uniq('split')}`;
    s.localRefs.push(`${repo}:change_12345_latest`, `${repo}:change_12345_v1`);
    const a = await buildLocal(s.engine, [`${repo}:change_12345_latest`]);
    const b = await buildLocal(s.engine, [`${repo}:change_12345_v1`]);
    expect(a).not.toBe(b);
    const { error, ctx } = await run(baseVars(repo));
    expect(error).toBeUndefined();
    expect(ctx.operations.map((o) => o.kind)).toEqual(['engine.push', 'engine.push']);
    const latest = await s.client.headManifest(`${repo}:change_12345_latest`);
    const v1 = await s.client.headManifest(`${repo}:change_12345_v1`);
    expect(latest?.digest).not.toBe(v1?.digest);
  });

  test('a missing local image fails before anything is pushed', async () => {
    const good = await built('present');
    const absent = `${s.registry.host}/${uniq('absent')}`;
    const vars = baseVars(good);
    (vars.container_images as object[]).push({
      repository: absent,
      registry: s.registry.host,
      tags: ['latest'],
    });
    const { error, ctx } = await run(vars);
    expect(error?.message).toContain(
      `container_images[1]: local image ${absent}:change_12345_latest not found`,
    );
    expect(ctx.operations).toEqual([]);
    expect(await s.client.listTags(good).catch(() => [])).toEqual([]);
  });

  test('only the first host of the play pushes', async () => {
    const repo = await built('second-host');
    const { error, outcome } = await run(baseVars(repo), {
      name: 'node2',
      playHosts: ['node1', 'node2'],
    });
    expect(error).toBeUndefined();
    expect(outcome?.summary).toMatch(/only the first host/);
    expect(await s.client.listTags(repo).catch(() => [])).toEqual([]);
  });
});

describe('upload-container-image: checks and skips (no engine traffic needed)', () => {
  let registry: RegistryServer;
  let proxy: FaultProxy;
  beforeAll(async () => {
    registry = await startRegistry({ flavour: 'plain' });
    proxy = await startFaultProxy({ target: registry.url });
  });
  afterAll(async () => {
    await proxy.stop();
    await registry.stop();
  });
  beforeEach(() => proxy.reset());

  const image = (repo: string) => ({
    context: '.',
    repository: `${proxy.host}/${repo}`,
    registry: proxy.host,
    tags: ['latest', 'v1'],
  });

  test('regex denial names the image; nothing pushed', async () => {
    const { error } = await run({
      zuul,
      container_images: [image('org/ok'), image('other/app')],
      container_registry_credentials: {
        [proxy.host]: { username: 'u', password: 'p', repository: '/org/' },
      },
    });
    expect(error?.message).toBe(
      `container_images[1].repository: ${proxy.host}/other/app not permitted by /org/`,
    );
    expect(proxy.stats().total).toBe(0);
  });

  test('missing credentials', async () => {
    const { error } = await run({
      zuul,
      container_images: [image('org/app')],
      container_registry_credentials: { 'quay.io': { username: 'u', password: 'p' } },
    });
    expect(error?.message).toBe(
      `container_images[0].registry: ${proxy.host} credentials not found`,
    );
    expect(proxy.stats().total).toBe(0);
  });

  test.each([
    ['promote_container_image_method', {}],
    ['promote_container_method (with a warning)', { warn: true }],
  ])(
    'promote + intermediate-registry via %s: no traffic, no validation, success',
    async (_l, opt) => {
      const key = 'warn' in opt ? 'promote_container_method' : 'promote_container_image_method';
      const { error, outcome, ctx } = await run({
        zuul,
        [key]: 'intermediate-registry',
        container_images: [image('org/app')],
        // deliberately invalid: not looked at in this mode (as zuul-jobs)
        container_registry_credentials: {},
      });
      expect(error).toBeUndefined();
      expect(outcome?.summary).toMatch(/intermediate registry/);
      expect(proxy.stats().total).toBe(0);
      expect(
        ctx.logs.some((l) => l.level === 'warn' && l.message.includes('promote_container_method')),
      ).toBe('warn' in opt);
    },
  );

  test.each([
    [
      { upload_container_image_promote: 'maybe' },
      'upload_container_image_promote: must be a boolean',
    ],
    [{ container_command: 'buildah' }, 'container_command: must be "podman" or "docker"'],
    [
      { promote_container_image_method: 'copy' },
      'promote_container_image_method: must be "tag" or "intermediate-registry"',
    ],
    [{ container_images: [{ repository: 'x/y' }] }, 'container_images[0].registry: is required'],
  ])('bad input %j fails naming the variable, no traffic', async (extra, message) => {
    const { error } = await run({
      zuul,
      container_images: [image('org/app')],
      container_registry_credentials: { [proxy.host]: { username: 'u', password: 'p' } },
      ...extra,
    });
    expect(error?.message.startsWith(message)).toBe(true);
    expect(proxy.stats().total).toBe(0);
  });

  test('zuul_success false: nothing uploaded, and it says so', async () => {
    const { error, outcome } = await run({
      zuul,
      zuul_success: false,
      container_images: [image('org/app')],
      container_registry_credentials: { [proxy.host]: { username: 'u', password: 'p' } },
    });
    expect(error).toBeUndefined();
    expect(outcome?.summary).toMatch(/run phase failed/);
    expect(proxy.stats().total).toBe(0);
  });
});
