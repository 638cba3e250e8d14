'use strict';
// An 8-layer image of ~1 GB of random data (nothing compresses or
// dedups) copied from one registry to another, each copy a whole process: the zuul-ts
// registry client (bench/lib/zuul-copy.js) vs `skopeo copy` vs the copy floor (raw GET -> PUT
// piping, bench/lib/copy-floor.js). A fresh destination registry
// per run, so neither tool can skip or mount blobs from an earlier run.
const { randomBytes, createHash } = require('node:crypto');
const { gzipSync } = require('node:zlib');
const { join } = require('node:path');
const { client, skopeoCopy, startRegistry, testingPkg } = require('../lib/registry');
const { runProcess } = require('../lib/measure');
const { zuulTsNodeFlags } = require('../lib/env');

const REPO = 'bench/big';
const sha = (b) => 'sha256:' + createHash('sha256').update(b).digest('hex');

async function pushBigImage(c, registry, layers, layerSize) {
  const { tarOf } = testingPkg();
  const ref = { registry: registry.host, repository: REPO };
  const descs = [];
  const diffIds = [];
  for (let i = 0; i < layers; i++) {
    const tar = tarOf(`layer${i}.bin`, randomBytes(layerSize));
    // gzip level 0 (stored blocks): a valid gzip layer that tools copy as-is, fast to make.
    const gz = gzipSync(tar, { level: 0 });
    diffIds.push(sha(tar));
    descs.push({
      mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
      digest: await c.pushBlob(ref, gz),
      size: gz.length,
    });
  }
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: {},
      rootfs: { type: 'layers', diff_ids: diffIds },
    }),
  );
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
      config: {
        mediaType: 'application/vnd.docker.container.image.v1+json',
        digest: await c.pushBlob(ref, config),
        size: config.length,
      },
      layers: descs,
    }),
  );
  const digest = await c.putManifest(
    { ...ref, tag: 'v1' },
    manifest,
    'application/vnd.docker.distribution.manifest.v2+json',
  );
  return { digest, bytes: descs.reduce((n, d) => n + d.size, config.length), blobs: descs };
}

async function verifyCopy(state) {
  const dst = state.dst;
  try {
    const ref = { registry: dst.host, repository: REPO };
    const head = await state.c.headManifest({ ...ref, tag: 'v1' });
    if (!head || head.digest !== state.image.digest)
      throw new Error(
        `copy-1g: destination digest ${head && head.digest} != ${state.image.digest}`,
      );
    for (const b of state.image.blobs) {
      const size = await state.c.headBlob(ref, b.digest);
      if (size !== b.size)
        throw new Error(`copy-1g: blob ${b.digest} missing or wrong size in the destination`);
    }
  } finally {
    await dst.stop(); // frees the ~1 GB the copy wrote
  }
}

const copyContender = (name, role, tool, copy) => ({
  name,
  role,
  tool,
  async prepare(state) {
    state.dst = await startRegistry();
  },
  async run(state) {
    const p = await copy(`${state.src.host}/${REPO}:v1`, `${state.dst.host}/${REPO}:v1`);
    return {
      seconds: p.seconds,
      peakRssMB: p.peakRssMB,
      MBps: state.image.bytes / 1e6 / p.seconds,
    };
  },
  check: verifyCopy,
});

module.exports = {
  maxRepeat: 3,
  name: 'copy-1g',
  summary:
    '8-layer ~1 GB random image across two registries: zuul-ts copy process vs skopeo copy (MB/s, peak RSS)',
  requires: {
    packages: { registry: ['RegistryClient'], testing: ['startRegistry', 'tarOf'] },
    tools: ['skopeo'],
  },
  async setup(ctx) {
    const layers = 8;
    const layerSize = ctx.smoke ? 256 * 1024 : 128 * 1024 * 1024;
    const src = await startRegistry();
    const c = client();
    const image = await pushBigImage(c, src, layers, layerSize);
    return {
      src,
      c,
      image,
      sizes: { layers, layerBytes: layerSize, totalMB: Math.round(image.bytes / 1e6) },
    };
  },
  async teardown(state) {
    if (state.dst) await state.dst.stop(); // left over by a failed run
    state.c.close();
    await state.src.stop();
  },
  contenders: [
    copyContender('zuul-ts', 'self', undefined, (src, dst) =>
      runProcess(process.execPath, [
        ...zuulTsNodeFlags(),
        join(__dirname, '..', 'lib', 'zuul-copy.js'),
        src,
        dst,
      ]),
    ),
    copyContender('skopeo', 'alt', 'skopeo', (src, dst) => skopeoCopy(src, dst, { all: false })),
    copyContender('copy floor', 'floor', undefined, (src, dst) =>
      runProcess(process.execPath, [
        join(__dirname, '..', 'lib', 'copy-floor.js'),
        `http://${src.split('/')[0]}`,
        `http://${dst.split('/')[0]}`,
        REPO,
        'v1',
      ]),
    ),
  ],
};
