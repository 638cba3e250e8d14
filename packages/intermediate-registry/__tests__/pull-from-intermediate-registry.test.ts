import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RoleFailure } from '@zuul-ts/role-kit';
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

const pull = roles.find((r) => r.name === 'pull-from-intermediate-registry')!;

const pair = useRegistryPair();

const artifact = (
  repository: string,
  tag: string,
  irTag: string,
  extra: Record<string, unknown> = {},
) => ({
  name: `${repository}:${tag}`,
  url: `docker://127.0.0.1:${pair.ir.port}/${repository}:${irTag}`,
  metadata: { type: 'container_image', repository, tag },
  project: 'org/proj',
  job: 'build-image',
  ...extra,
});

test('container_image artifacts land in the buildset registry; later ones win; others ignored', async () => {
  const y = `quay.io/x/${uniqueName('y')}`;
  const z = `docker.io/lib/${uniqueName('z')}`;
  const other = `quay.io/x/${uniqueName('other')}`;
  const older = await pushTestImage(pair.irClient, `${pair.ir.host}/${y}:bA_latest`);
  const newer = await pushTestIndex(pair.irClient, `${pair.ir.host}/${y}:bB_latest`);
  const zImage = await pushTestImage(pair.irClient, `${pair.ir.host}/${z}:bA_1`);
  await pushTestImage(pair.irClient, `${pair.ir.host}/${other}:bA_latest`);

  const home = tempDir('zuul-ts-home-');
  mkdirSync(join(home, '.docker'));
  writeFileSync(join(home, '.docker', 'config.json'), '{"auths":{}}');
  const before = snapshot(home);
  const savedHome = process.env.HOME;
  process.env.HOME = home;
  let ctx;
  try {
    ctx = await runRole(pull, {
      buildset_registry: registryVar(pair.bsr),
      intermediate_registry: registryVar(pair.ir),
      zuul: {
        artifacts: [
          artifact(y, 'latest', 'bA_latest'), // (a), overridden below
          {
            ...artifact(other, 'latest', 'bA_latest'),
            metadata: { type: 'other', repository: other, tag: 'latest' },
          }, // (b)
          { name: 'docs', url: 'https://logs.example.org/docs/' }, // (c)
          artifact(z, '1', 'bA_1'), // (d)
          artifact(y, 'latest', 'bB_latest'), // duplicate: the later one wins
        ],
      },
    });
  } finally {
    process.env.HOME = savedHome;
  }
  // docker client config byte-for-byte unchanged; nothing added to HOME.
  expect(snapshot(home)).toEqual(before);

  const got = await pair.bsrClient.getManifest(`${pair.bsr.host}/${y}:latest`);
  expect(got.digest).toBe(newer.digest);
  expect(got.digest).not.toBe(older.digest);
  for (const child of newer.children)
    expect(
      (await pair.bsrClient.headManifest(`${pair.bsr.host}/${y}@${child.digest}`))?.digest,
    ).toBe(child.digest);
  // docker.io/ is stripped inside the buildset registry (the namespace rule).
  expect(
    (await pair.bsrClient.headManifest(`${pair.bsr.host}/${z.replace('docker.io/', '')}:1`))
      ?.digest,
  ).toBe(zImage.digest);
  expect(await tagsOf(pair.bsrClient, `${pair.bsr.host}/${z}`)).toEqual([]);
  expect(await tagsOf(pair.bsrClient, `${pair.bsr.host}/${other}`)).toEqual([]);
  // One copy per destination.
  expect(ctx.operations.map((o) => o.target)).toEqual([
    `127.0.0.1:${pair.bsr.port}/${z.replace('docker.io/', '')}:1`,
    `127.0.0.1:${pair.bsr.port}/${y}:latest`,
  ]);
  expect(JSON.stringify(ctx.logs)).not.toContain(pair.bsr.password!);
  expect(JSON.stringify(ctx.logs)).not.toContain(pair.ir.password!);
});

test('zuul_artifacts overrides zuul.artifacts; no container_image artifacts means no registry traffic', async () => {
  const y = `quay.io/x/${uniqueName('override')}`;
  const img = await pushTestImage(pair.irClient, `${pair.ir.host}/${y}:bC_v2`);
  const ctx = await runRole(pull, {
    buildset_registry: registryVar(pair.bsr),
    intermediate_registry: registryVar(pair.ir),
    zuul_artifacts: [artifact(y, 'v2', 'bC_v2')],
    zuul: { artifacts: [artifact(y, 'ignored', 'bC_v2')] },
  });
  expect(await tagsOf(pair.bsrClient, `${pair.bsr.host}/${y}`)).toEqual(['v2']);
  expect((await pair.bsrClient.headManifest(`${pair.bsr.host}/${y}:v2`))?.digest).toBe(img.digest);
  expect(ctx.operations).toHaveLength(1);

  // Neither registry variable is needed when there is nothing to pull.
  const none = await runRole(pull, {
    zuul: { artifacts: [{ name: 'x', url: 'https://e/x', metadata: { type: 'other' } }] },
  });
  expect(none.operations).toEqual([]);
});

test('a malformed container_image artifact fails with its path before any copy', async () => {
  const y = `quay.io/x/${uniqueName('bad')}`;
  await pushTestImage(pair.irClient, `${pair.ir.host}/${y}:bD_latest`);
  const vars = (artifacts: unknown[]) => ({
    buildset_registry: registryVar(pair.bsr),
    intermediate_registry: registryVar(pair.ir),
    zuul: { artifacts },
  });
  await expect(
    runRole(
      pull,
      vars([
        artifact(y, 'latest', 'bD_latest'),
        { ...artifact(y, 'v1', 'x'), url: 'https://example.org/x' },
      ]),
    ),
  ).rejects.toThrow(/zuul\.artifacts\[1\]\.url/);
  await expect(
    runRole(
      pull,
      vars([
        artifact(y, 'latest', 'bD_latest'),
        { ...artifact(y, 'v1', 'x'), metadata: { type: 'container_image', repository: y } },
      ]),
    ),
  ).rejects.toThrow(/zuul\.artifacts\[1\]\.metadata\.tag/);
  expect(await tagsOf(pair.bsrClient, `${pair.bsr.host}/${y}`)).toEqual([]);
});

test('an artifact whose image is gone from the intermediate registry fails naming the artifact', async () => {
  const y = `quay.io/x/${uniqueName('gone')}`;
  const err = await runRole(pull, {
    buildset_registry: registryVar(pair.bsr),
    intermediate_registry: registryVar(pair.ir),
    zuul: { artifacts: [artifact(y, 'latest', 'bZ_latest')] },
  }).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(err).toBeInstanceOf(RoleFailure);
  expect(err!.message).toContain('zuul.artifacts[0]');
  expect(err!.message).toContain(`${y}:bZ_latest`);
  expect(await tagsOf(pair.bsrClient, `${pair.bsr.host}/${y}`)).toEqual([]);
});

test('dry run lists the copies and contacts no registry', async () => {
  const y = `quay.io/x/${uniqueName('dry')}`;
  await pushTestImage(pair.irClient, `${pair.ir.host}/${y}:bE_latest`);
  const ctx = await runRole(
    pull,
    {
      buildset_registry: registryVar(pair.bsr),
      intermediate_registry: registryVar(pair.ir),
      zuul: { artifacts: [artifact(y, 'latest', 'bE_latest')] },
    },
    true,
  );
  expect(ctx.operations).toEqual([
    {
      kind: 'registry.copy',
      target: `127.0.0.1:${pair.bsr.port}/${y}:latest`,
      detail: { source: `127.0.0.1:${pair.ir.port}/${y}:bE_latest`, allPlatforms: true },
    },
  ]);
  expect(await tagsOf(pair.bsrClient, `${pair.bsr.host}/${y}`)).toEqual([]);
});
