import { createHash, randomBytes } from 'node:crypto';
import { request } from 'node:http';
import { Readable } from 'node:stream';
import { FaultProxy, RegistryServer, startFaultProxy, startRegistry } from '../src';
import { rewriteLink, rewriteUrl } from '../src/fault-proxy/location';
import { call } from './helpers/raw-http';

// 256 MiB of pseudo-random data generated chunk by chunk: never held in memory at once.
const SIZE = 256 * 1024 * 1024;
const CHUNK = 1024 * 1024;
function bigBody(): { stream: Readable; digest: Promise<string> } {
  const seed = randomBytes(CHUNK);
  const hash = createHash('sha256');
  let sent = 0;
  let resolveDigest: (d: string) => void = () => undefined;
  const digest = new Promise<string>((r) => (resolveDigest = r));
  const stream = new Readable({
    read() {
      if (sent >= SIZE) {
        resolveDigest('sha256:' + hash.digest('hex'));
        return this.push(null);
      }
      const chunk = Buffer.from(seed);
      chunk.writeUInt32BE(sent / CHUNK, 0); // every chunk differs
      hash.update(chunk);
      sent += CHUNK;
      this.push(chunk);
    },
  });
  return { stream, digest };
}

/** Peak of Buffer (ArrayBuffer) memory while `work` runs; a buffering proxy would hold ≥ SIZE. */
async function peakBufferMemory<T>(work: () => Promise<T>): Promise<[T, number]> {
  let peak = 0;
  const sample = () => (peak = Math.max(peak, process.memoryUsage().arrayBuffers));
  const timer = setInterval(sample, 20);
  try {
    const r = await work();
    sample();
    return [r, peak];
  } finally {
    clearInterval(timer);
  }
}

let registry: RegistryServer;
let proxy: FaultProxy;
beforeAll(async () => {
  registry = await startRegistry();
  proxy = await startFaultProxy({ target: registry.url });
});
afterAll(async () => {
  await proxy.stop();
  await registry.stop();
});

test('a 256 MiB blob streams through the proxy both ways without buffering', async () => {
  const repo = 'stream/big';
  const start = await call('POST', `${proxy.url}/v2/${repo}/blobs/uploads/`);
  const body = bigBody();
  const baseline = process.memoryUsage().arrayBuffers;
  // Streamed upload (PATCH with chunked body), then the closing PUT with the digest.
  const [patch, upPeak] = await peakBufferMemory(() =>
    call('PATCH', String(start.headers.location), {
      headers: { 'content-type': 'application/octet-stream' },
      body: body.stream,
    }),
  );
  expect(patch.status).toBe(202);
  const digest = await body.digest;
  const put = new URL(String(patch.headers.location));
  put.searchParams.set('digest', digest);
  expect((await call('PUT', put.toString())).status).toBe(201);

  // Streamed download, hashed on the fly.
  const [got, downPeak] = await peakBufferMemory(
    () =>
      new Promise<{ digest: string; size: number }>((resolve, reject) => {
        request(`${proxy.url}/v2/${repo}/blobs/${digest}`, (res) => {
          const h = createHash('sha256');
          let size = 0;
          res.on('data', (c: Buffer) => {
            h.update(c);
            size += c.length;
          });
          res.on('end', () => resolve({ digest: 'sha256:' + h.digest('hex'), size }));
          res.on('error', reject);
        })
          .on('error', reject)
          .end();
      }),
  );
  expect(got).toEqual({ digest, size: SIZE });
  // Below the 256 MiB a buffering proxy would hold at once; wide room for GC lag under load.
  expect(upPeak - baseline).toBeLessThan(160 * 1024 * 1024);
  expect(downPeak - baseline).toBeLessThan(160 * 1024 * 1024);
  expect(proxy.stats().byMethodKind).toEqual({
    'POST upload': 1,
    'PATCH upload': 1,
    'PUT upload': 1,
    'GET blob': 1,
  });
});

test.each([
  [
    'http://127.0.0.1:5000/v2/a/blobs/uploads/x?_state=1',
    'http://127.0.0.1:9/v2/a/blobs/uploads/x?_state=1',
  ],
  ['/v2/a/blobs/uploads/x', '/v2/a/blobs/uploads/x'],
  ['https://storage.example/blob?sig=1', 'https://storage.example/blob?sig=1'],
  ['http://127.0.0.1:50001/v2/', 'http://127.0.0.1:50001/v2/'],
])('Location %s becomes %s', (from, to) => {
  expect(rewriteUrl(from, 'http://127.0.0.1:5000', 'http://127.0.0.1:9')).toBe(to);
});

test('Link URLs are rewritten inside the angle brackets only', () => {
  expect(
    rewriteLink('<http://r:1/v2/_catalog?last=a&n=1>; rel="next"', 'http://r:1', 'http://p:2'),
  ).toBe('<http://p:2/v2/_catalog?last=a&n=1>; rel="next"');
});
