import { startRegistry, startTokenRegistry, startTokenServer, TokenRegistry } from '../src';
import { call, MANIFEST_TYPE, pushImage } from './helpers/raw-http';

let reg: TokenRegistry;
beforeAll(async () => {
  // Policy: `zuul` may do anything except push to `readonly/*`.
  reg = await startTokenRegistry({
    policy: (user, e) =>
      !user
        ? []
        : e.name.startsWith('readonly/')
          ? e.actions.filter((a) => a === 'pull')
          : e.actions,
  });
});
afterAll(async () => {
  await reg.stop();
});
beforeEach(() => reg.token.reset());

const basic = () => `Basic ${Buffer.from(`${reg.username}:${reg.password}`).toString('base64')}`;

/** Parses `Bearer realm="…",service="…",scope="…"`. */
function challenge(header: unknown): Record<string, string> {
  const s = String(header);
  expect(s).toMatch(/^Bearer /);
  return Object.fromEntries([...s.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
}

async function token(scopes: string[], authorization?: string): Promise<string> {
  const u = new URL(reg.token.realm);
  u.searchParams.set('service', reg.token.service);
  for (const s of scopes) u.searchParams.append('scope', s);
  const res = await call('GET', u.toString(), { headers: authorization ? { authorization } : {} });
  expect(res.status).toBe(200);
  const body = JSON.parse(res.body.toString());
  expect(body.token).toBe(body.access_token);
  expect(body.expires_in).toBeGreaterThanOrEqual(60);
  return body.token;
}
const bearer = (t: string) => ({ headers: { authorization: `Bearer ${t}` }, ca: reg.ca });

test('the registry challenges with the token realm and service', async () => {
  const res = await call('GET', `${reg.url}/v2/`, { ca: reg.ca });
  expect(res.status).toBe(401);
  expect(challenge(res.headers['www-authenticate'])).toEqual({
    realm: reg.token.realm,
    service: reg.token.service,
  });
  const repoRes = await call('GET', `${reg.url}/v2/tok/a/tags/list`, { ca: reg.ca });
  expect(challenge(repoRes.headers['www-authenticate']).scope).toBe('repository:tok/a:pull');
});

test('push and pull with a Bearer token the real registry verifies', async () => {
  const t = await token(['repository:tok/a:pull,push'], basic());
  expect((await call('GET', `${reg.url}/v2/`, bearer(t))).status).toBe(200);
  const manifest = await pushImage(reg.url, 'tok/a', 'v1', bearer(t));
  const got = await call('GET', `${reg.url}/v2/tok/a/manifests/v1`, {
    ca: reg.ca,
    headers: { authorization: `Bearer ${t}`, accept: MANIFEST_TYPE },
  });
  expect(got.status).toBe(200);
  expect(got.body.equals(manifest)).toBe(true);
  expect(reg.token.requests()).toEqual([
    {
      method: 'GET',
      user: 'zuul',
      status: 200,
      service: reg.token.service,
      scopes: ['repository:tok/a:pull,push'],
      granted: [{ type: 'repository', name: 'tok/a', actions: ['pull', 'push'] }],
    },
  ]);
});

test('a token for another repository is refused with an insufficient_scope challenge', async () => {
  const t = await token(['repository:tok/other:pull'], basic());
  const res = await call('GET', `${reg.url}/v2/tok/b/tags/list`, bearer(t));
  expect(res.status).toBe(401);
  const c = challenge(res.headers['www-authenticate']);
  expect(c.scope).toBe('repository:tok/b:pull');
  expect(c.error).toBe('insufficient_scope');
});

test('the server grants less than asked without failing; the push then fails', async () => {
  const t = await token(['repository:readonly/x:pull,push'], basic());
  expect(reg.token.requests()[0].granted).toEqual([
    { type: 'repository', name: 'readonly/x', actions: ['pull'] },
  ]);
  const res = await call('POST', `${reg.url}/v2/readonly/x/blobs/uploads/`, bearer(t));
  expect(res.status).toBe(401);
  // distribution lists the actions in map order (pull,push or push,pull): compare as a set.
  const [type, name, actions] = challenge(res.headers['www-authenticate']).scope.split(':');
  expect([type, name, actions.split(',').sort()]).toEqual([
    'repository',
    'readonly/x',
    ['pull', 'push'],
  ]);
});

test('anonymous tokens carry no access; bad credentials are a 401 from the token server', async () => {
  const anon = await token(['repository:tok/a:pull']);
  expect(reg.token.requests()[0]).toMatchObject({ user: undefined, granted: [] });
  expect((await call('GET', `${reg.url}/v2/tok/a/tags/list`, bearer(anon))).status).toBe(401);
  const u = new URL(reg.token.realm);
  u.searchParams.set('scope', 'repository:tok/a:pull');
  const wrong = `Basic ${Buffer.from(`${reg.username}:nope`).toString('base64')}`;
  const res = await call('GET', u.toString(), { headers: { authorization: wrong } });
  expect(res.status).toBe(401);
  expect(res.body.toString()).not.toContain(reg.password);
  expect(reg.token.requests()[1].status).toBe(401);
  expect(reg.token.requests()[1].user).toBeUndefined();
});

test('a token signed by another key is refused by the registry', async () => {
  const impostor = await startTokenServer({
    users: { zuul: 'x' },
    service: reg.token.service,
    issuer: reg.token.issuer,
  });
  try {
    const u = new URL(impostor.realm);
    u.searchParams.set('scope', 'repository:tok/a:pull');
    const res = await call('GET', u.toString(), {
      headers: { authorization: `Basic ${Buffer.from('zuul:x').toString('base64')}` },
    });
    const forged = JSON.parse(res.body.toString()).token;
    expect((await call('GET', `${reg.url}/v2/tok/a/tags/list`, bearer(forged))).status).toBe(401);
  } finally {
    await impostor.stop();
  }
});

test('OAuth2 POST form: password grant with offline access, then refresh_token grant', async () => {
  const post = (form: Record<string, string>) =>
    call('POST', reg.token.realm, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
  const first = await post({
    grant_type: 'password',
    username: reg.username,
    password: reg.password,
    service: reg.token.service,
    scope: 'repository:tok/a:pull',
    client_id: 'zuul-ts-test',
    access_type: 'offline',
  });
  expect(first.status).toBe(200);
  const { access_token, refresh_token } = JSON.parse(first.body.toString());
  expect((await call('GET', `${reg.url}/v2/tok/a/tags/list`, bearer(access_token))).status).toBe(
    200,
  );
  const second = await post({
    grant_type: 'refresh_token',
    refresh_token,
    service: reg.token.service,
    scope: 'repository:tok/a:pull',
    client_id: 'zuul-ts-test',
  });
  expect(second.status).toBe(200);
  const again = JSON.parse(second.body.toString()).access_token;
  expect((await call('GET', `${reg.url}/v2/tok/a/tags/list`, bearer(again))).status).toBe(200);
  expect((await post({ grant_type: 'refresh_token', refresh_token: 'bogus' })).status).toBe(401);
  expect(reg.token.requests().map((r) => [r.method, r.status, r.user])).toEqual([
    ['POST', 200, 'zuul'],
    ['POST', 200, 'zuul'],
    ['POST', 401, undefined],
  ]);
});

test("startRegistry({ flavour: 'tls-token' }) gives the same registry with its token server", async () => {
  const r = await startRegistry({ flavour: 'tls-token' });
  try {
    expect(r.flavour).toBe('tls-token');
    const res = await call('GET', `${r.url}/v2/`, { ca: r.ca });
    expect(challenge(res.headers['www-authenticate']).realm).toBe(r.token?.realm);
  } finally {
    await r.stop();
  }
});
