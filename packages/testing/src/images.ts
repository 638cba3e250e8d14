import { gzipSync } from 'node:zlib';
import { seededRandom } from './fault-proxy/classify';
import {
  RegistryClient,
  mediaTypes,
  sha256,
  toReference,
  type Descriptor,
  type ImageReference,
  type Platform,
  type RefLike,
} from '@zuul-ts/registry';

/** A tiny deterministic PRNG (mulberry32, shared with the fault proxy) so tests create distinct images cheaply. */
export const prng: (seed: number) => () => number = seededRandom;

export function randomBytesFrom(rand: () => number, size: number): Buffer {
  const b = Buffer.alloc(size);
  for (let i = 0; i < size; i += 4) {
    const v = Math.floor(rand() * 0x100000000);
    for (let j = 0; j < 4 && i + j < size; j++) b[i + j] = (v >>> (8 * j)) & 0xff;
  }
  return b;
}

function tarHeader(name: string, size: number): Buffer {
  const h = Buffer.alloc(512);
  const put = (s: string, off: number, len: number) => h.write(s.slice(0, len), off, 'ascii');
  const oct = (n: number, len: number) => n.toString(8).padStart(len - 1, '0') + '\0';
  put(name, 0, 100);
  put(oct(0o644, 8), 100, 8);
  put(oct(0, 8), 108, 8);
  put(oct(0, 8), 116, 8);
  put(oct(size, 12), 124, 12);
  put(oct(0, 12), 136, 12);
  h.fill(' ', 148, 156);
  put('0', 156, 1);
  put('ustar\0', 257, 6);
  put('00', 263, 2);
  let sum = 0;
  for (const byte of h) sum += byte;
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148, 8);
  return h;
}

/** A valid tar with one file (engines can pull images made of these layers). */
export function tarOf(name: string, content: Buffer): Buffer {
  const pad = (512 - (content.length % 512)) % 512;
  return Buffer.concat([
    tarHeader(name, content.length),
    content,
    Buffer.alloc(pad),
    Buffer.alloc(1024),
  ]);
}

export interface TestImageOptions {
  layers?: number;
  layerSize?: number;
  labels?: Record<string, string>;
  created?: string;
  architecture?: string;
  os?: string;
  variant?: string;
  seed?: number;
  /** Docker schema 2 media types instead of OCI. */
  docker?: boolean;
}

export interface TestImage {
  digest: string;
  mediaType: string;
  size: number;
  manifest: Record<string, unknown>;
  manifestBytes: Buffer;
  config: Record<string, unknown>;
  layers: Descriptor[];
}

let counter = 0;

/** Builds the image (config + gzip tar layers) without pushing it. */
export function buildTestImage(options: TestImageOptions = {}): {
  image: Omit<TestImage, 'digest' | 'size'> & { digest: string; size: number };
  blobs: Buffer[];
} {
  const seed = options.seed ?? Date.now() + process.pid * 1000 + ++counter;
  const rand = prng(seed);
  const n = options.layers ?? 1;
  const blobs: Buffer[] = [];
  const layers: Descriptor[] = [];
  const diffIds: string[] = [];
  for (let i = 0; i < n; i++) {
    const tar = tarOf(`layer${i}.bin`, randomBytesFrom(rand, options.layerSize ?? 1024));
    diffIds.push(sha256(tar));
    const gz = gzipSync(tar, { level: 1 });
    blobs.push(gz);
    layers.push({
      mediaType: options.docker ? mediaTypes.DOCKER_LAYER_GZIP : mediaTypes.OCI_LAYER_GZIP,
      digest: sha256(gz),
      size: gz.length,
    });
  }
  const config: Record<string, unknown> = {
    created: options.created ?? '2024-01-01T00:00:00Z',
    architecture: options.architecture ?? 'amd64',
    os: options.os ?? 'linux',
    ...(options.variant ? { variant: options.variant } : {}),
    config: { Labels: { 'dev.zuul-ts.seed': String(seed), ...(options.labels ?? {}) } },
    rootfs: { type: 'layers', diff_ids: diffIds },
  };
  const configBytes = Buffer.from(JSON.stringify(config));
  blobs.push(configBytes);
  const mediaType = options.docker ? mediaTypes.DOCKER_MANIFEST : mediaTypes.OCI_MANIFEST;
  const manifest = {
    schemaVersion: 2,
    mediaType,
    config: {
      mediaType: options.docker ? mediaTypes.DOCKER_CONFIG : mediaTypes.OCI_CONFIG,
      digest: sha256(configBytes),
      size: configBytes.length,
    },
    layers,
  };
  const manifestBytes = Buffer.from(JSON.stringify(manifest));
  return {
    image: {
      digest: sha256(manifestBytes),
      mediaType,
      size: manifestBytes.length,
      manifest,
      manifestBytes,
      config,
      layers,
    },
    blobs,
  };
}

/**
 * Pushes a deterministic test image (by `seed`) through the registry API: blobs, then the
 * manifest under `ref`'s tag (or by digest when the reference has no tag).
 */
export async function pushTestImage(
  client: RegistryClient,
  ref: RefLike,
  options: TestImageOptions = {},
): Promise<TestImage> {
  const r = toReference(ref);
  const { image, blobs } = buildTestImage(options);
  await Promise.all(blobs.map((b) => client.pushBlob(r, b)));
  const target: ImageReference = r.tag
    ? { ...r, digest: undefined }
    : { ...r, digest: image.digest };
  await client.putManifest(target, image.manifestBytes, image.mediaType);
  return image;
}

export interface TestIndex {
  digest: string;
  mediaType: string;
  bytes: Buffer;
  children: (TestImage & { platform: Platform })[];
}

/** Pushes one image per platform (by digest) and an OCI index over them under `ref`. */
export async function pushTestIndex(
  client: RegistryClient,
  ref: RefLike,
  platforms: (Partial<Platform> & { architecture: string })[] = [
    { os: 'linux', architecture: 'amd64' },
    { os: 'linux', architecture: 'arm64' },
  ],
  options: Omit<TestImageOptions, 'architecture' | 'os' | 'variant'> = {},
): Promise<TestIndex> {
  const r = toReference(ref);
  const base = options.seed ?? Date.now() + ++counter * 7919;
  const children = await Promise.all(
    platforms.map(async (p, i) => {
      const platform: Platform = {
        os: p.os ?? 'linux',
        architecture: p.architecture,
        ...(p.variant ? { variant: p.variant } : {}),
      };
      const img = await pushTestImage(
        client,
        { registry: r.registry, repository: r.repository },
        {
          ...options,
          seed: base + i + 1,
          architecture: platform.architecture,
          os: platform.os,
          variant: platform.variant,
        },
      );
      return { ...img, platform };
    }),
  );
  const digest = await client.putIndex(
    r.tag ? { ...r, digest: undefined } : r,
    children.map((c) => ({
      digest: c.digest,
      mediaType: c.mediaType,
      size: c.size,
      platform: c.platform,
    })),
  );
  const got = await client.getManifest({ ...r, tag: undefined, digest });
  return { digest, mediaType: got.mediaType, bytes: got.bytes, children };
}
