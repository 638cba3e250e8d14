import {
  answerRegistryError,
  pushTestImage,
  pushTestIndex,
  startManifestRefusingProxy,
  startRewriteProxy,
  useRegistry,
} from '@zuul-ts/testing';
import type { IncomingMessage } from 'node:http';
import { RegistryClient, mediaTypes, type RequestInfo } from '../src';

// Batch tag removal (RegistryClient.deleteTags) and verified PUTs on a real distribution 2.8.

const reg = useRegistry();

const kind = (r: RequestInfo) => {
  const p = new URL(r.url).pathname;
  const what = p.includes('/blobs/') ? 'blob' : p.includes('/manifests/sha256:') ? 'digest' : 'tag';
  return `${r.method} ${what}`;
};

/**
 * A pass-through proxy to the registry that can refuse manifest PUTs by request (content type
 * and path), answering 400 MANIFEST_INVALID as a registry that does not accept a manifest would.
 */
const refusingProxy = (target: string, refuse: (req: IncomingMessage) => boolean) =>
  startManifestRefusingProxy(target, (req) => refuse(req));

test('deleteTags: one placeholder PUT per tag, ONE DELETE, no blob upload; every other tag intact', async () => {
  const repo = `${reg.server.host}/batch/same-digest`;
  const img = await pushTestImage(reg.client, `${repo}:change_1_latest`, { layers: 2 });
  const idx = await pushTestIndex(reg.client, `${repo}:change_1_multi`);
  for (const t of ['change_1_v1', 'latest', 'v1', 'unrelated'])
    await reg.client.retag(repo, 'change_1_latest', t);
  await reg.client.retag(repo, 'change_1_multi', 'multi');
  const requests: RequestInfo[] = [];
  const c = new RegistryClient({ onRequest: (r) => requests.push(r) });
  try {
    const known = {
      change_1_latest: { digest: img.digest, mediaType: img.mediaType },
      change_1_v1: { digest: img.digest, mediaType: img.mediaType },
      change_1_multi: { digest: idx.digest, mediaType: idx.mediaType },
    };
    const r = await c.deleteTags(repo, Object.keys(known), known);
    expect(r.deleted.sort()).toEqual(Object.keys(known).sort());
    expect(r.absent).toEqual([]);
    const counted = requests.filter((q) => !q.url.endsWith('/v2/')).map(kind);
    // The spec tag DELETE probe (2.8 answers 400), 3 placeholder PUTs, 1 DELETE by digest.
    expect(counted.sort()).toEqual(
      ['DELETE tag', 'PUT tag', 'PUT tag', 'PUT tag', 'DELETE digest'].sort(),
    );
  } finally {
    c.close();
  }
  expect((await reg.client.listTags(repo)).sort()).toEqual(['latest', 'multi', 'unrelated', 'v1']);
  for (const t of ['latest', 'v1', 'unrelated'])
    expect((await reg.client.headManifest(`${repo}:${t}`))?.digest).toBe(img.digest);
  const multi = await reg.client.getManifest(`${repo}:multi`);
  expect(multi.bytes.equals(idx.bytes)).toBe(true);
  expect((await reg.client.getImageConfig(`${repo}:latest`)).architecture).toBe('amd64');
});

test('deleteTags without known digests HEADs each tag; missing tags are reported absent', async () => {
  const repo = `${reg.server.host}/batch/heads`;
  const img = await pushTestImage(reg.client, `${repo}:keep`);
  await reg.client.retag(repo, 'keep', 'change_2_a');
  await reg.client.retag(repo, 'keep', 'change_2_b');
  const r = await reg.client.deleteTags(repo, ['change_2_a', 'change_2_b', 'change_2_never']);
  expect(r.deleted.sort()).toEqual(['change_2_a', 'change_2_b']);
  expect(r.absent).toEqual(['change_2_never']);
  expect(await reg.client.listTags(repo)).toEqual(['keep']);
  expect((await reg.client.headManifest(`${repo}:keep`))?.digest).toBe(img.digest);
  expect(await reg.client.deleteTags(repo, ['change_2_a'])).toEqual({
    deleted: [],
    absent: ['change_2_a'],
  });
});

test('two clients batch-deleting different tags of one digest at once both succeed (5 rounds)', async () => {
  const other = new RegistryClient();
  try {
    for (let round = 0; round < 5; round++) {
      const repo = `${reg.server.host}/batch/concurrent${round}`;
      const img = await pushTestImage(reg.client, `${repo}:keep`);
      const mine = ['change_1_a', 'change_1_b', 'change_1_c'];
      const theirs = ['change_2_a', 'change_2_b', 'change_2_c'];
      for (const t of [...mine, ...theirs]) await reg.client.retag(repo, 'keep', t);
      const [a, b] = await Promise.all([
        reg.client.deleteTags(repo, mine),
        other.deleteTags(repo, theirs),
      ]);
      expect(a.deleted.sort()).toEqual(mine);
      expect(b.deleted.sort()).toEqual(theirs);
      expect(await reg.client.listTags(repo)).toEqual(['keep']);
      expect((await reg.client.headManifest(`${repo}:keep`))?.digest).toBe(img.digest);
    }
  } finally {
    other.close();
  }
});

test('a registry refusing the empty-index placeholder gets the config-blob placeholder instead', async () => {
  const proxy = await refusingProxy(
    reg.server.url,
    (req) => req.headers['content-type'] === mediaTypes.OCI_INDEX,
  );
  const requests: RequestInfo[] = [];
  const c = new RegistryClient({
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    onRequest: (r) => requests.push(r),
  });
  try {
    const repo = `${proxy.host}/batch/noindex`;
    const img = await pushTestImage(c, `${repo}:keep`, { docker: true });
    await c.retag(repo, 'keep', 'change_3_a');
    await c.retag(repo, 'keep', 'change_3_b');
    requests.length = 0;
    const r = await c.deleteTags(repo, ['change_3_a', 'change_3_b']);
    expect(r.deleted.sort()).toEqual(['change_3_a', 'change_3_b']);
    expect(proxy.refused()).toBeGreaterThan(0);
    expect(requests.some((q) => q.method === 'POST' && q.url.includes('/blobs/uploads/'))).toBe(
      true,
    );
    expect(await c.listTags(repo)).toEqual(['keep']);
    expect((await c.headManifest(`${repo}:keep`))?.digest).toBe(img.digest);
    // Remembered per registry: the next batch goes straight to the config-blob placeholder.
    const before = proxy.refused();
    await c.retag(repo, 'keep', 'change_3_c');
    expect((await c.deleteTags(repo, ['change_3_c'])).deleted).toEqual(['change_3_c']);
    expect(proxy.refused()).toBe(before);
    expect(await c.listTags(repo)).toEqual(['keep']);
  } finally {
    c.close();
    await proxy.stop();
  }
});

test('a placeholder DELETE that is refused restores every tag of the batch', async () => {
  let refuseDeletes = true;
  const proxy = await startRewriteProxy(reg.server.url, {
    intercept: (req, res) =>
      refuseDeletes &&
      req.method === 'DELETE' &&
      /manifests\/sha256:/.test(req.url ?? '') &&
      answerRegistryError(req, res, 405, 'UNSUPPORTED', 'no'),
  });
  const host = proxy.host;
  const c = new RegistryClient();
  try {
    const repo = `${host}/batch/restore`;
    const a = await pushTestImage(c, `${repo}:change_4_a`, { seed: 41 });
    const b = await pushTestImage(c, `${repo}:change_4_b`, { seed: 42 });
    await c.retag(repo, 'change_4_a', 'latest');
    await expect(c.deleteTags(repo, ['change_4_a', 'change_4_b'])).rejects.toThrow(
      /the tag was restored to/,
    );
    refuseDeletes = false;
    expect((await c.headManifest(`${repo}:change_4_a`))?.digest).toBe(a.digest);
    expect((await c.headManifest(`${repo}:change_4_b`))?.digest).toBe(b.digest);
    expect((await c.headManifest(`${repo}:latest`))?.digest).toBe(a.digest);
  } finally {
    c.close();
    await proxy.stop();
  }
});

test('putManifestVerified: one PUT when the registry answers the digest; the tag names the bytes', async () => {
  const repo = `${reg.server.host}/batch/verified`;
  const img = await pushTestImage(reg.client, `${repo}:src`);
  const requests: RequestInfo[] = [];
  const c = new RegistryClient({ onRequest: (r) => requests.push(r) });
  try {
    const m = await c.getManifest(`${repo}:src`);
    requests.length = 0;
    expect(await c.putManifestVerified(`${repo}:final`, m.bytes, m.mediaType)).toBe(img.digest);
    expect(requests.map((r) => r.method)).toEqual(['PUT']);
  } finally {
    c.close();
  }
  expect((await reg.client.headManifest(`${repo}:final`))?.digest).toBe(img.digest);
});

test('putManifestVerified: a registry that sends no Docker-Content-Digest gets a HEAD check', async () => {
  // Pass-through proxy that drops the digest header from PUT answers.
  const proxy = await startRewriteProxy(reg.server.url, {
    responseHeaders: (req, headers) => {
      if (req.method === 'PUT') delete headers['docker-content-digest'];
      return headers;
    },
  });
  const host = proxy.host;
  const requests: RequestInfo[] = [];
  const c = new RegistryClient({ onRequest: (r) => requests.push(r) });
  try {
    const repo = `${host}/batch/nodigest`;
    const img = await pushTestImage(c, `${repo}:src`);
    const m = await c.getManifest(`${repo}:src`);
    requests.length = 0;
    expect(await c.putManifestVerified(`${repo}:final`, m.bytes, m.mediaType)).toBe(img.digest);
    expect(requests.map((r) => r.method)).toEqual(['PUT', 'HEAD']);
    expect((await c.headManifest(`${repo}:final`))?.digest).toBe(img.digest);
  } finally {
    c.close();
    await proxy.stop();
  }
});
