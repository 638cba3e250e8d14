import {
  memoryTagStore,
  startFakeDockerHub,
  startFakeQuay,
  type FakeQuay,
  type MemoryTagStore,
} from '@zuul-ts/testing';
import { DockerHubTagBackend } from '../src/tag-backends/dockerhub';
import { QuayTagBackend } from '../src/tag-backends/quay';
import { backendKind, createTagBackend } from '../src/tag-backends/select';
import { useFakeDockerHub } from './helpers';

const tags = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    name: `t${String(i).padStart(3, '0')}`,
    digest: `sha256:${String(i).padStart(64, '0')}`,
    lastModified: new Date(Date.UTC(2024, 0, 1, 0, 0, i)),
  }));

describe('quay backend against the local quay API', () => {
  let quay: FakeQuay;
  let store: MemoryTagStore;
  beforeAll(async () => {
    store = memoryTagStore();
    quay = await startFakeQuay({ apiToken: 'tok-quay', store });
  });
  afterAll(() => quay.stop());

  test('lists every page with the token and parses last_modified', async () => {
    store.set('org/many', tags(230));
    const backend = new QuayTagBackend('quay.io/org/many', quay.apiUrl, 'org/many', 'tok-quay');
    const listed = await backend.listTags();
    expect(listed).toHaveLength(230);
    expect(listed[5]).toEqual({
      name: 't005',
      lastModified: new Date(Date.UTC(2024, 0, 1, 0, 0, 5)),
    });
    const gets = quay.requests.filter((r) => r.method === 'GET' && r.path.includes('org/many'));
    expect(gets.map((r) => r.query.get('page'))).toEqual(['1', '2', '3']);
    expect(gets.every((r) => r.headers.authorization === 'Bearer tok-quay')).toBe(true);
    expect(gets.every((r) => r.query.get('onlyActiveTags') === 'true')).toBe(true);
  });

  test('deletes by name with Bearer; deleted tags do not come back as history', async () => {
    store.set('org/app', tags(3));
    const backend = new QuayTagBackend('quay.io/org/app', quay.apiUrl, 'org/app', 'tok-quay');
    expect(await backend.deleteTag('t001')).toBe('deleted');
    expect(await backend.deleteTag('t001')).toBe('absent');
    const del = quay.requests.filter((r) => r.method === 'DELETE');
    expect(del[0].path).toBe('/api/v1/repository/org/app/tag/t001');
    expect(del[0].headers.authorization).toBe('Bearer tok-quay');
    expect((await backend.listTags()).map((t) => t.name)).toEqual(['t000', 't002']);
    // What zuul-jobs listed (no onlyActiveTags, no token): the deleted tag is still there as a
    // history entry with end_ts, which it would have tried to delete again.
    const res = await fetch(`${quay.apiUrl}/repository/org/app/tag/`, {
      headers: { authorization: 'Bearer tok-quay' },
    });
    const all = ((await res.json()) as { tags: { name: string; end_ts?: number }[] }).tags;
    expect(all.filter((t) => t.end_ts !== undefined).map((t) => t.name)).toEqual(['t001']);
  });

  test('a wrong token is an error that does not contain the token', async () => {
    store.set('org/x', tags(1));
    const backend = new QuayTagBackend('quay.io/org/x', quay.apiUrl, 'org/x', 'wrong-secret');
    const err = await backend.deleteTag('t000').catch((e: Error) => e);
    expect(String(err)).toMatch(/HTTP 401/);
    expect(String(err)).not.toContain('wrong-secret');
  });
});

describe('Docker Hub backend against the local Hub API', () => {
  const dh = useFakeDockerHub('u', 'hub-pass');

  test('logs in once, follows next pages, deletes with JWT', async () => {
    dh.store.set('org/app', tags(150));
    const secrets: string[] = [];
    const backend = new DockerHubTagBackend(
      'docker.io/org/app',
      dh.hub.apiUrl,
      'org/app',
      'u',
      'hub-pass',
      (s) => secrets.push(s),
    );
    const listed = await backend.listTags();
    expect(listed).toHaveLength(150);
    expect(listed[149].lastModified).toEqual(new Date(Date.UTC(2024, 0, 1, 0, 2, 29)));
    expect(await backend.deleteTag('t000')).toBe('deleted');
    const logins = dh.hub.requests.filter((r) => r.path === '/v2/users/login/');
    expect(logins).toHaveLength(1);
    expect(logins[0].body).toEqual({ username: 'u', password: 'hub-pass' });
    const del = dh.hub.requests.find((r) => r.method === 'DELETE')!;
    expect(del.path).toBe('/v2/repositories/org/app/tags/t000/');
    expect(del.headers.authorization).toBe(`JWT ${dh.hub.tokens[0]}`);
    expect(secrets).toEqual([dh.hub.tokens[0]]);
  });

  test('bad password: login error without the password', async () => {
    const backend = new DockerHubTagBackend(
      'docker.io/org/app',
      dh.hub.apiUrl,
      'org/app',
      'u',
      'nope-secret',
      () => {},
    );
    const err = await backend.deleteTag('t001').catch((e: Error) => e);
    expect(String(err)).toMatch(/auth\/token failed: HTTP 401/);
    expect(String(err)).not.toContain('nope-secret');
  });
});

describe('Docker Hub backend when the deprecated login route refuses (PAT with SSO)', () => {
  test('falls back to POST /auth/token and sends Bearer', async () => {
    const store = memoryTagStore();
    store.set('org/app', tags(2));
    const hub = await startFakeDockerHub({
      username: 'u',
      password: 'dckr_pat_x',
      store,
      legacyLogin: false,
    });
    try {
      const backend = new DockerHubTagBackend(
        'docker.io/org/app',
        hub.apiUrl,
        'org/app',
        'u',
        'dckr_pat_x',
        () => {},
      );
      expect(await backend.deleteTag('t000')).toBe('deleted');
      expect(hub.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'POST /v2/users/login/',
        'POST /v2/auth/token',
        'DELETE /v2/repositories/org/app/tags/t000/',
      ]);
      expect(hub.requests[1].body).toEqual({ identifier: 'u', secret: 'dckr_pat_x' });
      expect(hub.requests[2].headers.authorization).toBe(`Bearer ${hub.tokens[0]}`);
    } finally {
      await hub.stop();
    }
  });
});

describe("createTagBackend: quay API base from the credentials' api_url (ensure-quay-repo key)", () => {
  test('a private quay addressed by its root URL', async () => {
    const store = memoryTagStore();
    store.set('org/app', tags(1));
    const quay = await startFakeQuay({ apiToken: 'tok', store });
    try {
      const backend = createTagBackend({
        repository: 'quay.example.org/org/app',
        registry: 'quay.example.org',
        repoPath: 'org/app',
        cred: { type: 'quay', api_token: 'tok', api_url: `${quay.url}/` },
        credPath: 'container_registry_credentials.quay.example.org',
        client: {
          listTags: async () => [],
          getImageConfig: async () => ({}),
          deleteTag: async () => false,
        },
        addSecret: () => {},
      });
      expect(await backend.deleteTag('t000')).toBe('deleted');
      expect(quay.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'DELETE /api/v1/repository/org/app/tag/t000',
      ]);
    } finally {
      await quay.stop();
    }
  });
});

describe('backendKind (explicit type wins)', () => {
  test.each([
    ['quay.io', undefined, 'quay'],
    ['docker.io', undefined, 'docker'],
    ['ghcr.io', undefined, 'registry'],
    ['registry.example.org:5000', { type: 'quay' as const }, 'quay'],
    ['quay.io', { type: 'docker' as const }, 'docker'],
  ])('%s %j -> %s', (registry, cred, kind) => {
    expect(backendKind(registry, cred)).toBe(kind);
  });
});
