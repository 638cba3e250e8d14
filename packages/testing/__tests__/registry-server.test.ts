import { httpsStatus as get, startRegistry } from '../src';

test('plain registry answers /v2/ and keeps its own storage', async () => {
  const a = await startRegistry();
  const b = await startRegistry();
  try {
    expect(a.port).not.toBe(b.port);
    expect(a.storageDir).not.toBe(b.storageDir);
    const res = await fetch(`${a.url}/v2/`);
    expect(res.status).toBe(200);
  } finally {
    await a.stop();
    await b.stop();
  }
});

test('tls-auth registry requires its CA and the htpasswd credentials', async () => {
  const r = await startRegistry({ flavour: 'tls-auth' });
  try {
    expect(await get(`${r.url}/v2/`, {}, r.ca)).toBe(401);
    const basic = Buffer.from(`${r.username}:${r.password}`).toString('base64');
    expect(await get(`${r.url}/v2/`, { authorization: `Basic ${basic}` }, r.ca)).toBe(200);
    await expect(get(`${r.url}/v2/`, {})).rejects.toThrow(/certificate/);
  } finally {
    await r.stop();
  }
});

test('kill and restart keep the storage', async () => {
  const r = await startRegistry();
  try {
    await r.kill();
    await expect(fetch(`${r.url}/v2/`)).rejects.toThrow();
    await r.restart();
    expect((await fetch(`${r.url}/v2/`)).status).toBe(200);
  } finally {
    await r.stop();
  }
});
