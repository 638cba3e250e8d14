import { execFileSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { RegistryClient, sha256 } from '@zuul-ts/registry';
import {
  buildTestImage,
  pushTestImage,
  pushTestIndex,
  useRegistry,
  type RegistryServer,
} from '../src';

let reg: RegistryServer;
let client: RegistryClient;
const env = useRegistry();
beforeAll(() => {
  ({ server: reg, client } = env);
});

test('test images are deterministic by seed and distinct across seeds', () => {
  const a = buildTestImage({ seed: 7, layers: 2 });
  const b = buildTestImage({ seed: 7, layers: 2 });
  const c = buildTestImage({ seed: 8, layers: 2 });
  expect(a.image.digest).toBe(b.image.digest);
  expect(c.image.digest).not.toBe(a.image.digest);
  // Layers are gzip'd tars whose diff_ids match the config.
  const diffIds = (a.image.config.rootfs as { diff_ids: string[] }).diff_ids;
  a.image.layers.forEach((l, i) => {
    const blob = a.blobs.find((x) => sha256(x) === l.digest)!;
    expect(sha256(gunzipSync(blob))).toBe(diffIds[i]);
  });
});

test('pushTestImage / pushTestIndex land in the registry with labels, created and platforms', async () => {
  const img = await pushTestImage(client, `${reg.host}/t/img:v1`, {
    labels: { 'org.example': 'yes' },
    created: '2020-02-02T00:00:00Z',
    layers: 3,
  });
  const cfg = await client.getImageConfig(`${reg.host}/t/img:v1`);
  expect(cfg.created).toBe('2020-02-02T00:00:00Z');
  expect(cfg.config?.Labels?.['org.example']).toBe('yes');
  expect((await client.headManifest(`${reg.host}/t/img:v1`))?.digest).toBe(img.digest);
  const idx = await pushTestIndex(client, `${reg.host}/t/idx:v1`, [
    { architecture: 'amd64' },
    { architecture: 'arm64', variant: 'v8' },
  ]);
  expect(idx.children.map((c) => c.platform)).toEqual([
    { os: 'linux', architecture: 'amd64' },
    { os: 'linux', architecture: 'arm64', variant: 'v8' },
  ]);
  expect((await client.headManifest(`${reg.host}/t/idx:v1`))?.digest).toBe(idx.digest);
});

test('a pushed test image can be pulled by the real Docker Engine', async () => {
  const img = await pushTestImage(client, `${reg.host}/t/pullable:v1`, { layers: 2 });
  const ref = `${reg.host}/t/pullable:v1`;
  const out = execFileSync('docker', ['pull', ref], { env: process.env }).toString();
  expect(out).toContain(img.digest);
  execFileSync('docker', ['rmi', '--no-prune', ref], { env: process.env });
});
