import {
  pushTestImage,
  pushTestIndex,
  registryTagStore,
  startFakeDockerHub,
  startFakeQuay,
} from '@zuul-ts/testing';
import type { FakeDockerHub, FakeQuay, RegistryTagStore } from '@zuul-ts/testing';
import { promoteContainerImageRole as role } from '../src';
import type { PromoteResult } from '../src';
import { hoursAgo, runRole, uniqueRepo, useRegistry, zuulVars } from './helpers';

jest.setTimeout(120000);

// Scenario 18: a quay-type registry (TLS + auth) whose tags are removed through the quay API.
const reg = useRegistry('tls-auth');
let quay: FakeQuay;
let store: RegistryTagStore;

beforeAll(async () => {
  store = registryTagStore(reg.client, reg.server.host);
  quay = await startFakeQuay({ apiToken: 'quay-api-token-secret', store });
});
afterAll(async () => {
  await quay.stop();
});

test('retag keeps the index, change tags deleted through the quay API, old leaked tags cleaned', async () => {
  const path = uniqueRepo('quay');
  const repo = `${reg.server.host}/${path}`;
  const index = await pushTestIndex(reg.client, `${repo}:change_12345_latest`, undefined, {
    created: hoursAgo(1),
  });
  const v1 = await pushTestImage(reg.client, `${repo}:change_12345_v1`, { created: hoursAgo(1) });
  const old = await pushTestImage(reg.client, `${repo}:change_999_latest`);
  await reg.client.retag(repo, 'change_999_latest', 'release-1'); // same digest as a leaked tag
  await pushTestImage(reg.client, `${repo}:change_998_latest`);
  await pushTestImage(reg.client, `${repo}:promote_latest`);
  store.setAge(path, 'change_999_latest', new Date(Date.now() - 3 * 86400 * 1000));
  store.setAge(path, 'promote_latest', new Date(Date.now() - 2 * 86400 * 1000));
  store.setAge(path, 'release-1', new Date(Date.now() - 30 * 86400 * 1000));
  // change_998_latest: age "now" -> kept

  const { ctx, outcome } = await runRole(role, {
    zuul: zuulVars({ pipeline: 'promote' }),
    container_images: [{ repository: repo, registry: reg.server.host, tags: ['latest', 'v1'] }],
    container_registry_credentials: {
      [reg.server.host]: {
        username: reg.server.username,
        password: reg.server.password,
        api_token: 'quay-api-token-secret',
        type: 'quay',
        repository: `^${reg.server.host.replace(/\./g, '\\.')}/org/.*`,
      },
    },
    container_registry_ca: { [reg.server.host]: reg.server.ca },
    remove_registry_tag_api_url: quay.apiUrl,
  });

  const latest = await reg.client.getManifest(`${repo}:latest`);
  expect(latest.digest).toBe(index.digest);
  expect(latest.bytes.equals(index.bytes)).toBe(true);
  expect((await reg.client.headManifest(`${repo}:v1`))?.digest).toBe(v1.digest);

  const deletes = quay.requests.filter((r) => r.method === 'DELETE');
  expect(deletes.map((r) => r.path).sort()).toEqual(
    [
      `/api/v1/repository/${path}/tag/change_12345_latest`,
      `/api/v1/repository/${path}/tag/change_12345_v1`,
      `/api/v1/repository/${path}/tag/change_999_latest`,
      `/api/v1/repository/${path}/tag/promote_latest`,
    ].sort(),
  );
  expect(deletes.every((r) => r.headers.authorization === 'Bearer quay-api-token-secret')).toBe(
    true,
  );
  expect((await reg.client.listTags(repo)).sort()).toEqual([
    'change_998_latest',
    'latest',
    'release-1',
    'v1',
  ]);
  // The leaked tag's digest is still there for the tag sharing it.
  expect((await reg.client.headManifest(`${repo}:release-1`))?.digest).toBe(old.digest);

  const result = outcome.result as PromoteResult;
  expect(result.removedChangeTags.sort()).toEqual([
    `${repo}:change_12345_latest`,
    `${repo}:change_12345_v1`,
  ]);
  expect(result.cleanup[repo].sort()).toEqual(['change_999_latest', 'promote_latest']);
  const printed = JSON.stringify([ctx.logs, ctx.operations, outcome]);
  expect(printed).not.toContain('quay-api-token-secret');
  expect(printed).not.toContain(reg.server.password!);
});

describe('Docker Hub-type registry (explicit type: docker)', () => {
  const hubReg = useRegistry('plain');
  let hub: FakeDockerHub;
  let hubStore: RegistryTagStore;
  beforeAll(async () => {
    hubStore = registryTagStore(hubReg.client, hubReg.server.host);
    hub = await startFakeDockerHub({
      username: 'hubuser',
      password: 'hub-password-1',
      store: hubStore,
    });
  });
  afterAll(async () => {
    await hub.stop();
  });

  test('change tags removed through the Hub API with one login, final tags kept', async () => {
    const path = uniqueRepo('hub');
    const repo = `${hubReg.server.host}/${path}`;
    const img = await pushTestImage(hubReg.client, `${repo}:change_12345_latest`, {
      created: hoursAgo(1),
    });
    await hubReg.client.retag(repo, 'change_12345_latest', 'change_12345_v1');
    const { ctx } = await runRole(role, {
      zuul: zuulVars(),
      container_images: [
        { repository: repo, registry: hubReg.server.host, tags: ['latest', 'v1'] },
      ],
      container_registry_credentials: {
        [hubReg.server.host]: { username: 'hubuser', password: 'hub-password-1', type: 'docker' },
      },
      remove_registry_tag_api_url: hub.apiUrl,
    });
    expect((await hubReg.client.listTags(repo)).sort()).toEqual(['latest', 'v1']);
    for (const t of ['latest', 'v1'])
      expect((await hubReg.client.headManifest(`${repo}:${t}`))?.digest).toBe(img.digest);
    expect(hub.requests.filter((r) => r.path === '/v2/users/login/')).toHaveLength(1);
    expect(hub.deletedPaths()).toEqual([
      `/v2/repositories/${path}/tags/change_12345_latest/`,
      `/v2/repositories/${path}/tags/change_12345_v1/`,
    ]);
    expect(JSON.stringify(ctx.logs)).not.toContain(hub.tokens[0]);
  });
});
