'use strict';
// mirror-container-images, 5 images (the first a two-platform index) from a plain registry to
// a fresh TLS + htpasswd registry. zuul-ts: one `zuul-ts role mirror-container-images` process
// (registry client, every platform, 4 images at a time). skopeo: one `skopeo copy --all`
// process per image, one after the other, as zuul-jobs' role runs them.
const { mkdirSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { client, startRegistry, testingPkg } = require('../lib/registry');
const { runProcess } = require('../lib/measure');
const { roleMissing, roleProcess } = require('../lib/zuul');
const { mapLimit } = require('../lib/pool');

const IMAGES = 5;
const source = (s, i) => `${s.src.host}/bench/mirror${i}:v1`;
const dest = (s, who, it, i) => `${s.dst.host}/mirror/${who}${it}-${i}:v1`;

async function zuulTs(s, it) {
  const items = Array.from({ length: IMAGES }, (_, i) => {
    const [srcRepo, srcTag] = source(s, i).split(/:(?=[^:/]+$)/);
    const [destRepo, destTag] = dest(s, 'zuul', it, i).split(/:(?=[^:/]+$)/);
    return {
      src_repository: srcRepo,
      src_tag: srcTag,
      dest_repository: destRepo,
      dest_tag: destTag,
      dest_registry: s.dst.host,
    };
  });
  const r = await roleProcess(
    'mirror-container-images',
    {
      mirror_container_images_images: items,
      container_registry_credentials: {
        [s.dst.host]: { username: s.dst.username, password: s.dst.password },
      },
      container_registry_ca: { [s.dst.host]: s.dst.ca },
    },
    { timeoutMs: 180000 },
  );
  return { peakRssMB: r.peakRssMB };
}

async function skopeo(s, it) {
  for (let i = 0; i < IMAGES; i++)
    await runProcess('skopeo', [
      'copy',
      '--all',
      '--src-tls-verify=false',
      '--dest-cert-dir',
      s.certDir,
      '--dest-authfile',
      s.authFile,
      `docker://${source(s, i)}`,
      `docker://${dest(s, 'skopeo', it, i)}`,
    ]);
}

/** Untimed: a fresh destination registry (nothing to skip or mount from an earlier run). */
async function prepare(s) {
  s.dst = await startRegistry({ flavour: 'tls-auth' });
  const certs = join(s.certDir);
  rmSync(certs, { recursive: true, force: true });
  mkdirSync(certs);
  writeFileSync(join(certs, 'ca.crt'), s.dst.ca);
  const auth = Buffer.from(`${s.dst.username}:${s.dst.password}`).toString('base64');
  writeFileSync(s.authFile, JSON.stringify({ auths: { [s.dst.host]: { auth } } }), {
    mode: 0o600,
  });
}

function checkFor(who) {
  return async (s, it) => {
    const { RegistryClient } = require('../lib/registry').registryPkg();
    const c = new RegistryClient({
      credentials: [{ registry: s.dst.host, username: s.dst.username, password: s.dst.password }],
      ca: { [s.dst.host]: s.dst.ca },
    });
    try {
      await mapLimit(s.digests, 4, async (d, i) => {
        const h = await c.headManifest(dest(s, who, it, i));
        if (!h || h.digest !== d)
          throw new Error(`mirror-5: ${dest(s, who, it, i)} is ${h && h.digest}, want ${d}`);
      });
    } finally {
      c.close();
      rmSync(s.authFile, { force: true });
      await s.dst.stop();
      s.dst = undefined;
    }
  };
}

module.exports = {
  name: 'mirror-5',
  summary:
    'mirror-container-images, 5 images (one a two-platform index) into a TLS registry: zuul-ts role process vs skopeo copy --all per image',
  requires: {
    packages: {
      registry: ['RegistryClient'],
      testing: ['startRegistry', 'pushTestIndex', 'pushTestImage'],
    },
    tools: ['skopeo'],
    ready: () => roleMissing('mirror-container-images'),
  },
  async setup(ctx) {
    const src = await startRegistry();
    const c = client();
    const t = testingPkg();
    const layerSize = ctx.smoke ? 1024 : 4 * 1024 * 1024;
    const s = { src };
    const digests = await mapLimit(
      Array.from({ length: IMAGES }, (_, i) => i),
      4,
      async (i) =>
        i === 0
          ? (await t.pushTestIndex(c, source(s, i), undefined, { layerSize, layers: 2 })).digest
          : (await t.pushTestImage(c, source(s, i), { layerSize, layers: 3 })).digest,
    );
    c.close();
    const dir = mkdtempSync(join(tmpdir(), 'zuul-ts-bench-mirror-'));
    return {
      src,
      digests,
      dir,
      certDir: join(dir, 'certs'),
      authFile: join(dir, 'auth.json'),
      sizes: { images: IMAGES, indexPlatforms: 2, layerMB: layerSize / 1024 / 1024 },
    };
  },
  async teardown(s) {
    // The per-run destination is stopped by check; after a failed run it is still up.
    if (s.dst) await s.dst.stop();
    await s.src.stop();
    rmSync(s.dir, { recursive: true, force: true });
  },
  contenders: [
    { name: 'zuul-ts', role: 'self', prepare, run: zuulTs, check: checkFor('zuul') },
    {
      name: 'skopeo',
      role: 'alt',
      tool: 'skopeo',
      prepare,
      run: skopeo,
      check: checkFor('skopeo'),
    },
  ],
};
