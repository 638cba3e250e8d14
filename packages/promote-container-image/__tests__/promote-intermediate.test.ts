import { RegistryClient } from '@zuul-ts/registry';
import {
  pushTestImage,
  pushTestIndex,
  registryClientFor,
  startFakeZuulApi,
  startRegistry,
} from '@zuul-ts/testing';
import type { FakeBuild, FakeZuulApi, RegistryServer } from '@zuul-ts/testing';
import { promoteContainerImageRole as role } from '../src';
import type { PromoteResult } from '../src';
import { runRole, runRoleFailing, uniqueRepo, zuulVars } from './helpers';

jest.setTimeout(120000);

// Scenario 20: the intermediate registry needs auth and TLS; the destination is another registry.
let ir: RegistryServer;
let dest: RegistryServer;
let irClient: RegistryClient;
let destClient: RegistryClient;
let zuul: FakeZuulApi;

beforeAll(async () => {
  [ir, dest] = await Promise.all([
    startRegistry({ flavour: 'tls-auth' }),
    startRegistry({ flavour: 'plain' }),
  ]);
  irClient = registryClientFor(ir);
  destClient = registryClientFor(dest);
  zuul = await startFakeZuulApi('example');
});
afterAll(async () => {
  await zuul.stop();
  irClient.close();
  destClient.close();
  await Promise.all([ir.stop(), dest.stop()]);
});

function artifact(repository: string, tag: string, irRef: string) {
  return {
    name: `${repository}:${tag}`,
    url: `docker://${irRef}`,
    metadata: { type: 'container_image', repository, tag },
  };
}

function build(
  id: number,
  uuid: string,
  result: string,
  artifacts: FakeBuild['artifacts'],
  change = 12345,
): FakeBuild {
  return {
    _id: id,
    uuid,
    job_name: 'build-app',
    result,
    pipeline: 'gate',
    artifacts,
    ref: { project: 'org/app', change, patchset: '3' },
  };
}

function vars(repository: string) {
  return {
    zuul: zuulVars(),
    container_images: [{ repository, registry: dest.host, tags: ['latest', 'v1'] }],
    container_registry_credentials: { [dest.host]: { username: 'u', password: 'p' } },
    intermediate_registry: {
      host: '127.0.0.1',
      port: ir.port,
      username: ir.username,
      password: ir.password,
    },
    container_registry_ca: { [ir.host]: ir.ca },
    promote_container_image_method: 'intermediate-registry',
    promote_container_image_api: zuul.tenantUrl,
    promote_container_image_pipeline: 'gate',
    promote_container_image_job: 'build-app',
  };
}

test("copies the newest successful build's artifacts, all platforms, byte-identical; IR unchanged", async () => {
  const path = uniqueRepo('ir');
  const repository = `${dest.host}/${path}`;
  const irRepo = `${ir.host}/mirror/${path}`;
  const latest = await pushTestIndex(irClient, `${irRepo}:b1_latest`);
  const v1 = await pushTestImage(irClient, `${irRepo}:b1_v1`);
  const stale = await pushTestImage(irClient, `${irRepo}:b0_latest`);
  const failed = await pushTestImage(irClient, `${irRepo}:b2_latest`);
  zuul.builds.push(
    build(1, 'b0', 'SUCCESS', [
      artifact(repository, 'latest', `${irRepo}:b0_latest`),
      artifact(repository, 'v1', `${irRepo}:b0_latest`),
    ]),
    build(2, 'b1', 'SUCCESS', [
      artifact(repository, 'latest', `${irRepo}:b1_latest`),
      { name: 'docs', url: 'https://logs.example.org/docs/' },
      artifact(repository, 'v1', `${irRepo}:b1_v1`),
    ]),
    build(3, 'b2', 'FAILURE', [
      artifact(repository, 'latest', `${irRepo}:b2_latest`),
      artifact(repository, 'v1', `${irRepo}:b2_latest`),
    ]),
    build(4, 'x9', 'SUCCESS', [artifact(repository, 'latest', `${irRepo}:b2_latest`)], 999),
  );
  const irTagsBefore = (await irClient.listTags(irRepo)).sort();
  zuul.requests.length = 0;

  const dry = await runRole(role, vars(repository), { dryRun: true });
  expect(dry.ctx.operations.map((o) => `${o.kind} ${o.target} ${String(o.detail?.from)}`)).toEqual([
    `registry.copy ${repository}:latest ${irRepo}:b1_latest`,
    `registry.copy ${repository}:v1 ${irRepo}:b1_v1`,
  ]);
  expect(await destClient.listTags(repository).catch(() => [])).toEqual([]);
  zuul.requests.length = 0;

  const { outcome, ctx } = await runRole(role, vars(repository));

  expect(zuul.requests).toHaveLength(1);
  expect(zuul.requests[0].path).toBe('/api/tenant/example/builds');
  expect(Object.fromEntries(zuul.requests[0].query)).toEqual({
    change: '12345',
    patchset: '3',
    pipeline: 'gate',
    job_name: 'build-app',
  });
  const gotLatest = await destClient.getManifest(`${repository}:latest`);
  expect(gotLatest.digest).toBe(latest.digest);
  expect(gotLatest.bytes.equals(latest.bytes)).toBe(true);
  for (const child of latest.children)
    expect((await destClient.headManifest(`${repository}@${child.digest}`))?.digest).toBe(
      child.digest,
    );
  expect((await destClient.headManifest(`${repository}:v1`))?.digest).toBe(v1.digest);
  expect((await destClient.listTags(repository)).sort()).toEqual(['latest', 'v1']);
  expect((await irClient.listTags(irRepo)).sort()).toEqual(irTagsBefore);
  expect([stale.digest, failed.digest]).not.toContain(gotLatest.digest);
  const result = outcome.result as PromoteResult;
  expect(result.promotions.map((p) => [p.tag, p.digest, p.source])).toEqual([
    ['latest', latest.digest, `${irRepo}:b1_latest`],
    ['v1', v1.digest, `${irRepo}:b1_v1`],
  ]);
  expect(JSON.stringify([ctx.logs, ctx.operations, outcome])).not.toContain(ir.password!);
});

test('a missing artifact fails before the first copy', async () => {
  const path = uniqueRepo('ir-missing');
  const repository = `${dest.host}/${path}`;
  const irRepo = `${ir.host}/mirror/${path}`;
  await pushTestImage(irClient, `${irRepo}:b5_latest`);
  zuul.builds.push(
    build(10, 'b5', 'SUCCESS', [artifact(repository, 'latest', `${irRepo}:b5_latest`)], 54321),
  );
  const { error, ctx } = await runRoleFailing(role, {
    ...vars(repository),
    zuul: zuulVars({ change: '54321' }),
  });
  expect(error.message).toContain(`no container_image artifact for ${repository}:v1`);
  expect(await destClient.listTags(repository).catch(() => [])).toEqual([]);
  expect(ctx.operations.filter((o) => o.kind === 'registry.copy')).toEqual([]);
});

test('no successful build: clear error, nothing copied', async () => {
  const repository = `${dest.host}/${uniqueRepo('ir-none')}`;
  const { error } = await runRoleFailing(role, {
    ...vars(repository),
    zuul: zuulVars({ change: '777' }),
  });
  expect(error.message).toMatch(/^no successful build found at .*change=777/);
});
