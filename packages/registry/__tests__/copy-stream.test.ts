import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pushTestImage, startRegistry, type RegistryServer } from '@zuul-ts/testing';
import { RegistryClient, type TransferProgress } from '../src';

let src: RegistryServer;
let dst: RegistryServer;
const client = new RegistryClient({ credentials: [] });

beforeAll(async () => {
  [src, dst] = await Promise.all([startRegistry(), startRegistry()]);
});
afterAll(async () => {
  client.close();
  await Promise.all([src?.stop(), dst?.stop()]);
});

/** The file distribution stores a blob's bytes in (filesystem storage driver). */
function blobFile(r: RegistryServer, digest: string): string {
  const hex = digest.slice('sha256:'.length);
  return join(
    r.storageDir,
    'docker',
    'registry',
    'v2',
    'blobs',
    'sha256',
    hex.slice(0, 2),
    hex,
    'data',
  );
}

// The copy streams blobs from source to destination without hashing them in the client: the
// destination verifies every upload's digest. A source serving other bytes than its digest
// says (disk corruption, a tampering proxy) must still fail the copy, with nothing tagged.
test('a corrupted source blob fails the copy and nothing lands in the destination', async () => {
  const image = await pushTestImage(client, `${src.host}/corrupt/img:v1`, {
    layers: 2,
    layerSize: 256 * 1024,
    seed: 4711,
  });
  const layer = image.layers[1];
  const file = blobFile(src, layer.digest);
  const bytes = readFileSync(file);
  bytes[bytes.length >> 1] ^= 0xff; // same size, different content
  writeFileSync(file, bytes);

  await expect(
    client.copy(`${src.host}/corrupt/img:v1`, `${dst.host}/corrupt/img:v1`),
  ).rejects.toThrow(/digest/i);
  expect(await client.headBlob(`${dst.host}/corrupt/img`, layer.digest)).toBeUndefined();
  expect(await client.headManifest(`${dst.host}/corrupt/img:v1`)).toBeUndefined();
});

test('a copy reports the bytes it streamed: done equals total at the end; nothing when nothing moved', async () => {
  const image = await pushTestImage(client, `${src.host}/progress/img:v1`, {
    layers: 3,
    layerSize: 128 * 1024,
    seed: 815,
  });
  const configSize = (image.manifest.config as { size: number }).size;
  const blobBytes = image.layers.reduce((n, l) => n + l.size, configSize);
  const reports: TransferProgress[] = [];
  const digest = await client.copy(`${src.host}/progress/img:v1`, `${dst.host}/progress/img:v1`, {
    onBytes: (p) => reports.push(p),
  });
  expect(digest).toBe(image.digest);
  const last = reports[reports.length - 1];
  expect(last.bytesTotal).toBe(blobBytes);
  expect(last.bytesDone).toBe(blobBytes);
  expect(last.bytesPerSecond).toBeGreaterThan(0);

  const again: TransferProgress[] = [];
  await client.copy(`${src.host}/progress/img:v1`, `${dst.host}/progress/img:v2`, {
    onBytes: (p) => again.push(p),
  });
  expect(again).toEqual([]);
});
