import { pushTestImage } from '@zuul-ts/testing';
import { removeRegistryTagRole as role } from '../src';
import {
  hoursAgo,
  runRole,
  runRoleFailing,
  uniqueRepo,
  useFakeDockerHub,
  useRegistry,
  zuulVars,
} from './helpers';

jest.setTimeout(120000);

describe('remove-registry-tag on Docker Hub (local Hub API)', () => {
  const dh = useFakeDockerHub('hubuser', 'hub-secret-pw');

  test('login, then DELETE of exactly the one tag with the JWT', async () => {
    const d = `sha256:${'a'.repeat(64)}`;
    const now = new Date();
    dh.store.set('org/app', [
      { name: 'change_1_latest', digest: d, lastModified: now },
      { name: 'latest', digest: d, lastModified: now },
      { name: 'v1', digest: d, lastModified: now },
    ]);
    const { ctx } = await runRole(role, {
      zuul: zuulVars(),
      remove_registry_tag_repository: 'docker.io/org/app',
      remove_registry_tag_tag: 'change_1_latest',
      remove_registry_tag_api_url: dh.hub.apiUrl,
      container_registry_credentials: {
        'docker.io': { username: 'hubuser', password: 'hub-secret-pw' },
      },
    });
    expect(dh.hub.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /v2/users/login/',
      'DELETE /v2/repositories/org/app/tags/change_1_latest/',
    ]);
    expect(dh.hub.requests[1].headers.authorization).toBe(`JWT ${dh.hub.tokens[0]}`);
    expect((await dh.store.list('org/app')).map((t) => t.name)).toEqual(['latest', 'v1']);
    expect(JSON.stringify(ctx.logs)).not.toContain('hub-secret-pw');
  });
  test('cleanup mode over every page of the Hub listing, by name, total seconds', async () => {
    const d = `sha256:${'b'.repeat(64)}`;
    const ago = (s: number) => new Date(Date.now() - s * 1000);
    const filler = Array.from({ length: 120 }, (_, i) => ({
      name: `build-${String(i).padStart(3, '0')}`,
      digest: d,
      lastModified: ago(10 * 86400),
    }));
    dh.store.set('org/cleanme', [
      ...filler,
      { name: 'change_5_latest', digest: d, lastModified: ago(2 * 86400) },
      { name: 'change_6_latest', digest: d, lastModified: ago(600) },
      // Listed sorted by name with 100 per page: change_* and gate_* are on the second page.
      { name: 'gate_latest', digest: d, lastModified: ago(3 * 86400) },
      { name: 'zz_gate_latest', digest: d, lastModified: ago(9 * 86400) },
      { name: 'zzz-gate_latest', digest: d, lastModified: ago(9 * 86400) },
    ]);
    dh.hub.requests.length = 0;
    const { outcome } = await runRole(role, {
      zuul: zuulVars(),
      remove_registry_tag_repository: 'docker.io/org/cleanme',
      remove_registry_tag_api_url: dh.hub.apiUrl,
      container_registry_credentials: {
        'docker.io': { username: 'hubuser', password: 'hub-secret-pw' },
      },
    });
    expect((outcome.result as { deleted: string[] }).deleted.sort()).toEqual([
      'change_5_latest',
      'gate_latest',
    ]);
    const names = (await dh.store.list('org/cleanme')).map((t) => t.name);
    expect(names).toContain('change_6_latest');
    expect(names).not.toContain('gate_latest');
    expect(names).toHaveLength(123);
    expect(dh.hub.requests.filter((r) => r.method === 'GET').length).toBeGreaterThan(1);
  });
});

describe('input validation, before any request', () => {
  test.each([
    [
      { remove_registry_tag_repository: 'app' },
      'remove_registry_tag_repository: app must be a full container image url including registry location',
    ],
    [
      {
        remove_registry_tag_repository: 'quay.io/org/app',
        container_registry_credentials: { 'docker.io': {} },
      },
      'remove_registry_tag_repository: quay.io credentials not found',
    ],
    [
      {
        remove_registry_tag_repository: 'quay.io/org/app',
        container_registry_credentials: { 'quay.io': { username: 'u', password: 'p' } },
      },
      'container_registry_credentials.quay.io.api_token: is required to remove tags on quay',
    ],
    [
      {
        remove_registry_tag_repository: 'docker.io/org/app',
        container_registry_credentials: { 'docker.io': { api_token: 'x' } },
      },
      'container_registry_credentials.docker.io: username and password are required to remove tags on Docker Hub',
    ],
    [
      { remove_registry_tag_repository: 'quay.io/org/app', remove_registry_tag_regex: '[' },
      'remove_registry_tag_regex: invalid regex',
    ],
  ])('%j', async (vars, message) => {
    const { error, ctx } = await runRoleFailing(role, { zuul: zuulVars(), ...vars });
    expect(error.message.startsWith(message)).toBe(true);
    expect(ctx.operations).toEqual([]);
  });
});

describe('leaked-tag cleanup on a generic registry (distribution 2.8)', () => {
  const reg = useRegistry();

  test('six leaked tags (plus a reproducible-build epoch one) with crafted ages and names: exactly the old matching ones disappear', async () => {
    const repo = `${reg.server.host}/${uniqueRepo('cleanup')}`;
    const days = (n: number) => hoursAgo(24 * n);
    const fixtures: [string, string][] = [
      ['change_1_latest', days(3)], // old, matches -> deleted (zuul-jobs' .seconds == 0 kept it)
      ['change_2_latest', hoursAgo(2)], // new, matches -> kept
      ['gate_latest', days(2)], // old, pipeline prefix -> deleted
      ['periodic_latest', days(5)], // old, other pipeline -> kept
      ['release-1', days(40)], // old, no match -> kept
      ['change_3_v1', days(1.5)], // old, matches, shares its digest with `stable` -> deleted
      ['change_4_latest', '1970-01-01T00:00:00Z'], // reproducible build: age unknown -> kept
    ];
    const digests: Record<string, string> = {};
    for (const [tag, created] of fixtures)
      digests[tag] = (await pushTestImage(reg.client, `${repo}:${tag}`, { created })).digest;
    await reg.client.retag(repo, 'change_3_v1', 'stable');

    const { outcome } = await runRole(role, {
      zuul: zuulVars(),
      remove_registry_tag_repository: repo,
      container_registry_credentials: { [reg.server.host]: { username: 'u', password: 'p' } },
    });
    expect((await reg.client.listTags(repo)).sort()).toEqual(
      ['change_2_latest', 'change_4_latest', 'periodic_latest', 'release-1', 'stable'].sort(),
    );
    expect((await reg.client.headManifest(`${repo}:stable`))?.digest).toBe(digests.change_3_v1);
    for (const t of ['change_2_latest', 'periodic_latest', 'release-1'])
      expect((await reg.client.headManifest(`${repo}:${t}`))?.digest).toBe(digests[t]);
    expect((outcome.result as { deleted: string[] }).deleted.sort()).toEqual(
      ['change_1_latest', 'change_3_v1', 'gate_latest'].sort(),
    );
  });

  test('single-tag mode removes one tag; a tag already gone is reported, not an error', async () => {
    const repo = `${reg.server.host}/${uniqueRepo('single')}`;
    const img = await pushTestImage(reg.client, `${repo}:change_7_latest`);
    await reg.client.retag(repo, 'change_7_latest', 'latest');
    const vars = {
      zuul: zuulVars(),
      remove_registry_tag_repository: repo,
      remove_registry_tag_tag: 'change_7_latest',
    };
    expect((await runRole(role, vars)).outcome.summary).toBe(`removed tag ${repo}:change_7_latest`);
    expect(await reg.client.listTags(repo)).toEqual(['latest']);
    expect((await reg.client.headManifest(`${repo}:latest`))?.digest).toBe(img.digest);
    expect((await runRole(role, vars)).outcome.summary).toBe(
      `tag ${repo}:change_7_latest was already absent`,
    );
  });
});
