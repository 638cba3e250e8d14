import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, RoleFailure, createRoleContext } from '@zuul-ts/role-kit';
import { pushTestImage, pushTestIndex } from '@zuul-ts/testing';
import { roles } from '../src';
import {
  registryVar,
  runRole,
  snapshot,
  tagsOf,
  tempDir,
  uniqueName,
  useRegistryPair,
} from './helpers';

const push = roles.find((r) => r.name === 'push-to-intermediate-registry')!;

const pair = useRegistryPair();

function vars(extra: Record<string, unknown>) {
  return {
    zuul: { build: 'b1', change: '12345', pipeline: 'gate' },
    zuul_success: true,
    buildset_registry: registryVar(pair.bsr),
    intermediate_registry: registryVar(pair.ir),
    ...extra,
  };
}

test('every tag copied to <build>_<tag>, all platforms, artifacts as zuul-jobs returns them', async () => {
  const name = uniqueName('app');
  const repository = `quay.io/org/${name}`;
  const index = await pushTestIndex(pair.bsrClient, `${pair.bsr.host}/${repository}:latest`);
  const v1 = await pushTestImage(pair.bsrClient, `${pair.bsr.host}/${repository}:v1`);

  const ctx = await runRole(
    push,
    vars({
      container_images: [
        { context: 'img', repository, registry: 'quay.io', tags: ['latest', 'v1'] },
      ],
    }),
  );

  expect(await tagsOf(pair.irClient, `${pair.ir.host}/${repository}`)).toEqual([
    'b1_latest',
    'b1_v1',
  ]);
  const copied = await pair.irClient.getManifest(`${pair.ir.host}/${repository}:b1_latest`);
  expect(copied.digest).toBe(index.digest);
  expect(copied.bytes.equals(index.bytes)).toBe(true);
  // Both platforms arrived: each child manifest and its config are readable in the IR.
  for (const child of index.children) {
    expect(
      (await pair.irClient.headManifest(`${pair.ir.host}/${repository}@${child.digest}`))?.digest,
    ).toBe(child.digest);
    const cfg = await pair.irClient.getImageConfig(`${pair.ir.host}/${repository}@${child.digest}`);
    expect(cfg.architecture).toBe(child.platform.architecture);
  }
  expect((await pair.irClient.headManifest(`${pair.ir.host}/${repository}:b1_v1`))?.digest).toBe(
    v1.digest,
  );

  expect(ctx.returned).toEqual([
    {
      data: {
        zuul: {
          artifacts: [
            {
              name: `${repository}:latest`,
              url: `docker://127.0.0.1:${pair.ir.port}/${repository}:b1_latest`,
              metadata: { type: 'container_image', repository, tag: 'latest' },
            },
            {
              name: `${repository}:v1`,
              url: `docker://127.0.0.1:${pair.ir.port}/${repository}:b1_v1`,
              metadata: { type: 'container_image', repository, tag: 'v1' },
            },
          ],
        },
      },
    },
  ]);
  expect(ctx.operations.map((o) => [o.kind, o.target])).toEqual([
    ['registry.copy', `127.0.0.1:${pair.ir.port}/${repository}:b1_latest`],
    ['registry.copy', `127.0.0.1:${pair.ir.port}/${repository}:b1_v1`],
  ]);
});

test('docker.io/ repositories are read from the un-prefixed buildset path, kept in the IR', async () => {
  const name = uniqueName('dapp');
  const img = await pushTestImage(pair.bsrClient, `${pair.bsr.host}/org/${name}:latest`);
  const ctx = await runRole(
    push,
    vars({ zuul: { build: 'b2' }, container_images: [{ repository: `docker.io/org/${name}` }] }),
  );
  expect(
    (await pair.irClient.headManifest(`${pair.ir.host}/docker.io/org/${name}:b2_latest`))?.digest,
  ).toBe(img.digest);
  expect(ctx.returned[0].data).toEqual({
    zuul: {
      artifacts: [
        {
          name: `docker.io/org/${name}:latest`,
          url: `docker://127.0.0.1:${pair.ir.port}/docker.io/org/${name}:b2_latest`,
          metadata: { type: 'container_image', repository: `docker.io/org/${name}`, tag: 'latest' },
        },
      ],
    },
  });
});

test('zuul_success false copies nothing and returns no artifacts', async () => {
  const name = uniqueName('failed');
  await pushTestImage(pair.bsrClient, `${pair.bsr.host}/quay.io/org/${name}:latest`);
  for (const zuul_success of [false, 'false']) {
    const ctx = await runRole(
      push,
      vars({ zuul_success, container_images: [{ repository: `quay.io/org/${name}` }] }),
    );
    expect(ctx.returned).toEqual([]);
    expect(ctx.operations).toEqual([]);
  }
  expect(await tagsOf(pair.irClient, `${pair.ir.host}/quay.io/org/${name}`)).toEqual([]);
});

test('docker_images wins over container_images', async () => {
  const legacy = uniqueName('legacy');
  const modern = uniqueName('modern');
  await pushTestImage(pair.bsrClient, `${pair.bsr.host}/org/${legacy}:1.0`);
  await pushTestImage(pair.bsrClient, `${pair.bsr.host}/quay.io/org/${modern}:latest`);
  const ctx = await runRole(
    push,
    vars({
      zuul: { build: 'b3' },
      docker_images: [{ repository: `org/${legacy}`, tags: ['1.0'] }],
      container_images: [{ repository: `quay.io/org/${modern}` }],
    }),
  );
  expect(await tagsOf(pair.irClient, `${pair.ir.host}/org/${legacy}`)).toEqual(['b3_1.0']);
  expect(await tagsOf(pair.irClient, `${pair.ir.host}/quay.io/org/${modern}`)).toEqual([]);
  expect(
    (ctx.returned[0].data as { zuul: { artifacts: { name: string }[] } }).zuul.artifacts.map(
      (a) => a.name,
    ),
  ).toEqual([`org/${legacy}:1.0`]);
});

test('bad input names the variable path and nothing is pushed', async () => {
  const name = uniqueName('good');
  await pushTestImage(pair.bsrClient, `${pair.bsr.host}/quay.io/org/${name}:latest`);
  const images = [{ repository: `quay.io/org/${name}` }, { repository: 'quay.io/org/Bad Name' }];
  await expect(runRole(push, vars({ container_images: images }))).rejects.toThrow(InputError);
  await expect(runRole(push, vars({ container_images: images }))).rejects.toThrow(
    /container_images\[1\]\.repository/,
  );
  await expect(
    runRole(
      push,
      vars({ container_images: [{ repository: `quay.io/org/${name}`, tags: ['ok', 'no/slash'] }] }),
    ),
  ).rejects.toThrow(/container_images\[0\]\.tags\[1\]/);
  await expect(
    runRole(
      push,
      vars({
        container_images: [{ repository: `quay.io/org/${name}` }],
        intermediate_registry: { host: 'x' },
      }),
    ),
  ).rejects.toThrow(/intermediate_registry\.port/);
  await expect(
    runRole(push, vars({ container_images: [{ repository: `quay.io/org/${name}` }], zuul: {} })),
  ).rejects.toThrow(/zuul\.build/);
  expect(await tagsOf(pair.irClient, `${pair.ir.host}/quay.io/org/${name}`)).toEqual([]);
});

test('buildset_registry is read from the results file when not a variable; credentials never land in files', async () => {
  const name = uniqueName('secret');
  const img = await pushTestImage(pair.bsrClient, `${pair.bsr.host}/quay.io/org/${name}:latest`);
  const work = tempDir('zuul-ts-push-');
  const resultsFile = join(work, 'results.json');
  writeFileSync(
    resultsFile,
    JSON.stringify({ data: {}, secret_data: { buildset_registry: registryVar(pair.bsr) } }),
  );
  // A HOME with an existing docker config: it must stay byte-identical, and nothing is added.
  const home = tempDir('zuul-ts-home-');
  mkdirSync(join(home, '.docker'));
  writeFileSync(
    join(home, '.docker', 'config.json'),
    '{"auths":{"example.org":{"auth":"dTpw"}}}\n',
  );
  const before = snapshot(home);
  const saved = { HOME: process.env.HOME, DOCKER_CONFIG: process.env.DOCKER_CONFIG };
  process.env.HOME = home;
  delete process.env.DOCKER_CONFIG;
  try {
    const v = vars({ container_images: [{ repository: `quay.io/org/${name}` }] }) as Record<
      string,
      unknown
    >;
    delete v.buildset_registry;
    v.zuul = { build: 'b4', executor: { result_data_file: resultsFile } };
    const ctx = await runRole(push, v);
    expect(
      (await pair.irClient.headManifest(`${pair.ir.host}/quay.io/org/${name}:b4_latest`))?.digest,
    ).toBe(img.digest);
    const output = JSON.stringify([ctx.logs, ctx.returned, ctx.operations]);
    for (const secret of [pair.bsr.password!, pair.ir.password!])
      expect(output).not.toContain(secret);
  } finally {
    process.env.HOME = saved.HOME;
    if (saved.DOCKER_CONFIG !== undefined) process.env.DOCKER_CONFIG = saved.DOCKER_CONFIG;
  }
  expect(snapshot(home)).toEqual(before);
});

test('dry run plans the same copies and artifacts without touching the registries', async () => {
  const name = uniqueName('dry');
  await pushTestImage(pair.bsrClient, `${pair.bsr.host}/quay.io/org/${name}:latest`);
  const ctx = await runRole(
    push,
    vars({ zuul: { build: 'b5' }, container_images: [{ repository: `quay.io/org/${name}` }] }),
    true,
  );
  expect(ctx.operations.map((o) => o.target)).toEqual([
    `127.0.0.1:${pair.ir.port}/quay.io/org/${name}:b5_latest`,
  ]);
  expect(ctx.returned).toHaveLength(1);
  expect(await tagsOf(pair.irClient, `${pair.ir.host}/quay.io/org/${name}`)).toEqual([]);
});

test('a missing source tag fails naming the image tag; no artifacts are returned', async () => {
  const name = uniqueName('partial');
  await pushTestImage(pair.bsrClient, `${pair.bsr.host}/quay.io/org/${name}:latest`);
  const ctx = createRoleContext({
    roleName: push.name,
    vars: vars({
      zuul: { build: 'b6' },
      container_images: [{ repository: `quay.io/org/${name}`, tags: ['latest', 'absent'] }],
    }),
    onLog: () => undefined,
  });
  const err = await push.run(ctx).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(err).toBeInstanceOf(RoleFailure);
  expect(err!.message).toContain('container_images[0].tags[1]');
  expect(err!.message).toContain(`quay.io/org/${name}:absent`);
  expect(err!.message).not.toContain(pair.bsr.password!);
  expect(ctx.returned).toEqual([]);
});

test('wrong intermediate registry credentials fail without echoing the password', async () => {
  const name = uniqueName('denied');
  await pushTestImage(pair.bsrClient, `${pair.bsr.host}/quay.io/org/${name}:latest`);
  const wrong = { ...registryVar(pair.ir), password: 'wrong-password-123' };
  const err = await runRole(
    push,
    vars({
      intermediate_registry: wrong,
      container_images: [{ repository: `quay.io/org/${name}` }],
    }),
  ).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(err).toBeInstanceOf(RoleFailure);
  expect(err!.message).not.toContain('wrong-password-123');
  expect(await tagsOf(pair.irClient, `${pair.ir.host}/quay.io/org/${name}`)).toEqual([]);
});

test('several images: the real run records the same operations, in the same order, as the dry run', async () => {
  const a = `quay.io/org/${uniqueName('multi-a')}`;
  const b = `docker.io/org/${uniqueName('multi-b')}`;
  await pushTestIndex(pair.bsrClient, `${pair.bsr.host}/${a}:latest`);
  await pushTestImage(pair.bsrClient, `${pair.bsr.host}/${a}:v1`);
  await pushTestImage(pair.bsrClient, `${pair.bsr.host}/${b.replace('docker.io/', '')}:latest`);
  await pushTestImage(pair.bsrClient, `${pair.bsr.host}/${b.replace('docker.io/', '')}:v1`);
  const v = vars({
    zuul: { build: 'b7' },
    container_images: [
      { repository: a, tags: ['latest', 'v1'] },
      { repository: b, tags: ['latest', 'v1'] },
    ],
  });
  const plan = await runRole(push, v, true);
  const real = await runRole(push, v);
  expect(real.operations).toEqual(plan.operations);
  expect(real.operations.map((o) => o.target)).toEqual([
    `127.0.0.1:${pair.ir.port}/${a}:b7_latest`,
    `127.0.0.1:${pair.ir.port}/${a}:b7_v1`,
    `127.0.0.1:${pair.ir.port}/${b}:b7_latest`,
    `127.0.0.1:${pair.ir.port}/${b}:b7_v1`,
  ]);
  expect(real.returned).toEqual(plan.returned);
  expect(await tagsOf(pair.irClient, `${pair.ir.host}/${b}`)).toEqual(['b7_latest', 'b7_v1']);
});
