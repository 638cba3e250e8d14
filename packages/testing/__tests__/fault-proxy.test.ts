import { RegistryServer, startRegistry } from '../src';
import { call, MANIFEST_TYPE, pushImage, sha256 } from './helpers/raw-http';
import { useProxySuite } from './helpers/proxy-suite';

let registry: RegistryServer;
let repoSeq = 0;
const uniqueRepo = () => `proxy/test-${++repoSeq}`;

const { env, proxy } = useProxySuite();
beforeAll(() => {
  ({ registry } = env);
});

describe('pass-through', () => {
  test('push and pull through the proxy; counters exact; Location rewritten', async () => {
    const p = await proxy();
    const repo = uniqueRepo();
    const start = await call('POST', `${p.url}/v2/${repo}/blobs/uploads/`);
    expect(start.status).toBe(202);
    // distribution answers with an absolute URL on its own origin; the proxy rewrites it.
    expect(String(start.headers.location)).toMatch(
      new RegExp(`^${p.url}/v2/${repo}/blobs/uploads/`),
    );
    await call('DELETE', String(start.headers.location));

    const manifest = await pushImage(p.url, repo, 'v1');
    const got = await call('GET', `${p.url}/v2/${repo}/manifests/v1`, {
      headers: { accept: MANIFEST_TYPE },
    });
    expect(got.status).toBe(200);
    expect(got.body.equals(manifest)).toBe(true);
    expect(got.headers['docker-content-digest']).toBe(sha256(manifest));
    const tags = await call('GET', `${p.url}/v2/${repo}/tags/list`);
    expect(JSON.parse(tags.body.toString())).toEqual({ name: repo, tags: ['v1'] });

    const s = p.stats();
    // 1 POST+DELETE probe, 2 blobs x (POST + PUT), manifest PUT, manifest GET, tags GET.
    expect(s.total).toBe(9);
    expect(s.byMethodKind).toEqual({
      'POST upload': 3,
      'DELETE upload': 1,
      'PUT upload': 2,
      'PUT manifest': 1,
      'GET manifest': 1,
      'GET tags': 1,
    });
    expect(s.byKind).toEqual({ upload: 6, manifest: 2, tags: 1 });
    expect(s.faults).toEqual({ total: 0, byLabel: {} });
    expect(s.log.map((e) => e.status)).toEqual([202, 204, 202, 201, 202, 201, 201, 200, 200]);
    expect(s.log.map((e) => e.n)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);

    p.reset();
    expect(p.stats().total).toBe(0);
    expect((await call('GET', `${p.url}/v2/`)).status).toBe(200);
    expect(p.stats().byMethodKind).toEqual({ 'GET base': 1 });
  });

  test('Link headers of the paginated catalog keep going through the proxy', async () => {
    const p = await proxy();
    await pushImage(p.url, uniqueRepo(), 'a');
    await pushImage(p.url, uniqueRepo(), 'a');
    const first = await call('GET', `${p.url}/v2/_catalog?n=1`);
    const link = String(first.headers.link);
    expect(link).toMatch(/rel="next"/);
    expect(link).not.toContain(registry.host);
    const next = new URL(link.slice(link.indexOf('<') + 1, link.indexOf('>')), p.url);
    const second = await call('GET', next.toString());
    expect(second.status).toBe(200);
    const [a] = JSON.parse(first.body.toString()).repositories;
    const [b] = JSON.parse(second.body.toString()).repositories;
    expect(b > a).toBe(true);
    expect(p.stats().byMethodKind['GET catalog']).toBe(2);
  });

  test('an https registry with basic auth, through the plain-HTTP proxy', async () => {
    const secure = await startRegistry({ flavour: 'tls-auth' });
    try {
      const p = await proxy({ target: secure.url, ca: secure.ca });
      const anon = await call('GET', `${p.url}/v2/`);
      expect(anon.status).toBe(401);
      expect(String(anon.headers['www-authenticate'])).toMatch(/^Basic /);
      const basic = Buffer.from(`${secure.username}:${secure.password}`).toString('base64');
      const auth = { authorization: `Basic ${basic}` };
      expect((await call('GET', `${p.url}/v2/`, { headers: auth })).status).toBe(200);
      const start = await call('POST', `${p.url}/v2/secure/blobs/uploads/`, { headers: auth });
      expect(start.status).toBe(202);
      expect(String(start.headers.location).startsWith(`${p.url}/v2/secure/blobs/uploads/`)).toBe(
        true,
      );
    } finally {
      await secure.stop();
    }
  });

  test('the registry going away is a 502 from the proxy, and a restart heals it', async () => {
    const own = await startRegistry();
    try {
      const p = await proxy({ target: own.url });
      await own.kill();
      const res = await call('GET', `${p.url}/v2/`);
      expect(res.status).toBe(502);
      expect(p.stats().faults.total).toBe(0);
      await own.restart();
      expect((await call('GET', `${p.url}/v2/`)).status).toBe(200);
    } finally {
      await own.stop();
    }
  });
});
