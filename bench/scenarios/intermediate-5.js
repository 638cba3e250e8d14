'use strict';
// The intermediate-registry flow for 5 images x 2 tags.
// zuul-ts: `zuul-ts role push-to-intermediate-registry` (buildset registry -> intermediate
// registry as <build>_<tag>, artifacts via zuul_return), then `zuul-ts role
// promote-container-image` in intermediate-registry mode (looks the artifacts up in a local
// Zuul builds API, copies them to the final registry). skopeo: the same copies, one
// `skopeo copy --all` process each, as zuul-jobs does.
// The final registry is TLS + auth on localhost:443, so `localhost/bench/im<N>` is both a
// valid final repository and a valid path inside the buildset registry (no port in it).
const { randomBytes } = require('node:crypto');
const { mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { client, startRegistry, testingPkg } = require('../lib/registry');
const { runProcess } = require('../lib/measure');
const { roleMissing, roleProcess } = require('../lib/zuul');
const { mapLimit } = require('../lib/pool');

const TAGS = ['latest', 'v1'];
const FINAL = 'localhost';
const repository = (i) => `${FINAL}/bench/im${i}`;
const ZUUL = {
  change: '4242',
  patchset: '1',
  pipeline: 'gate',
  project: { name: 'bench/project', src_dir: 'src/bench' },
};

function readArtifacts(file) {
  const doc = JSON.parse(readFileSync(file, 'utf8'));
  const data = doc.data || doc;
  return (data.zuul && data.zuul.artifacts) || [];
}

async function zuulTs(s, it) {
  const build = `b${it}${randomBytes(3).toString('hex')}`;
  const resultFile = join(s.dir, `results-${build}.json`);
  const images = Array.from({ length: s.sizes.images }, (_, i) => ({
    repository: repository(i),
    registry: FINAL,
    tags: TAGS,
  }));
  const irVar = { host: '127.0.0.1', port: s.ir.port };
  const push = await roleProcess(
    'push-to-intermediate-registry',
    {
      zuul: { ...ZUUL, build },
      zuul_success: true,
      buildset_registry: { host: '127.0.0.1', port: s.br.port },
      intermediate_registry: irVar,
      container_images: images,
    },
    { args: ['--result-file', resultFile], timeoutMs: 180000 },
  );
  const artifacts = readArtifacts(resultFile);
  if (artifacts.length !== s.sizes.images * TAGS.length)
    throw new Error(
      `intermediate-5: push-to-intermediate-registry returned ${artifacts.length} artifacts`,
    );
  s.zuulApi.builds.push({
    _id: ++s.buildSeq,
    uuid: build,
    job_name: 'build-bench',
    result: 'SUCCESS',
    pipeline: 'gate',
    artifacts,
    ref: { project: 'bench/project', change: Number(ZUUL.change), patchset: ZUUL.patchset },
  });
  const promote = await roleProcess(
    'promote-container-image',
    {
      zuul: ZUUL,
      container_images: images,
      container_registry_credentials: {
        [FINAL]: { username: s.dst.username, password: s.dst.password },
      },
      container_registry_ca: { [FINAL]: s.dst.ca },
      intermediate_registry: irVar,
      promote_container_image_method: 'intermediate-registry',
      promote_container_image_api: s.zuulApi.tenantUrl,
      promote_container_image_pipeline: 'gate',
      promote_container_image_job: 'build-bench',
    },
    { timeoutMs: 180000 },
  );
  return { peakRssMB: Math.max(push.peakRssMB || 0, promote.peakRssMB || 0) };
}

function skopeoCopy(s, src, dst, destTls) {
  const args = ['copy', '--all', '--src-tls-verify=false'];
  if (destTls) args.push('--dest-cert-dir', s.certDir, '--dest-authfile', s.authFile);
  else args.push('--dest-tls-verify=false');
  return runProcess('skopeo', [...args, `docker://${src}`, `docker://${dst}`]);
}

async function skopeo(s, it) {
  const build = `s${it}`;
  for (let i = 0; i < s.sizes.images; i++)
    for (const t of TAGS) {
      const ir = `${s.ir.host}/${repository(i)}:${build}_${t}`;
      await skopeoCopy(s, `${s.br.host}/${repository(i)}:${t}`, ir, false);
    }
  for (let i = 0; i < s.sizes.images; i++)
    for (const t of TAGS)
      await skopeoCopy(
        s,
        `${s.ir.host}/${repository(i)}:${build}_${t}`,
        `${repository(i)}:${t}`,
        true,
      );
}

/** Untimed: fresh intermediate and final registries (nothing to skip or mount). */
async function prepare(s) {
  s.ir = await startRegistry();
  s.dst = await startRegistry({ flavour: 'tls-auth', port: 443, names: [FINAL] });
  writeFileSync(join(s.certDir, 'ca.crt'), s.dst.ca);
  const auth = Buffer.from(`${s.dst.username}:${s.dst.password}`).toString('base64');
  writeFileSync(s.authFile, JSON.stringify({ auths: { [FINAL]: { auth } } }), { mode: 0o600 });
}

async function check(s) {
  const { RegistryClient } = require('../lib/registry').registryPkg();
  const c = new RegistryClient({
    credentials: [{ registry: FINAL, username: s.dst.username, password: s.dst.password }],
    ca: { [FINAL]: s.dst.ca },
  });
  try {
    await mapLimit(s.digests, 4, async (d, i) => {
      for (const t of TAGS) {
        const h = await c.headManifest(`${repository(i)}:${t}`);
        if (!h || h.digest !== d[t])
          throw new Error(
            `intermediate-5: ${repository(i)}:${t} is ${h && h.digest}, want ${d[t]}`,
          );
      }
    });
  } finally {
    c.close();
    rmSync(s.authFile, { force: true });
    await s.ir.stop();
    await s.dst.stop();
  }
}

module.exports = {
  name: 'intermediate-5',
  summary:
    'push-to-intermediate-registry + promote from it, 5 images x 2 tags: zuul-ts role processes vs skopeo copy per step',
  requires: {
    packages: {
      registry: ['RegistryClient'],
      testing: ['startRegistry', 'startFakeZuulApi', 'pushTestIndex'],
    },
    tools: ['skopeo'],
    ready: () =>
      roleMissing('push-to-intermediate-registry') || roleMissing('promote-container-image'),
  },
  async setup(ctx) {
    const images = 5;
    const br = await startRegistry();
    const c = client();
    const t = testingPkg();
    // Every image: a two-platform index as `latest`, a single image as `v1` (both kinds travel).
    const digests = await mapLimit(
      Array.from({ length: images }, (_, i) => i),
      4,
      async (i) => {
        const layerSize = ctx.smoke ? 1024 : 2 * 1024 * 1024;
        const index = await t.pushTestIndex(c, `${br.host}/${repository(i)}:latest`, undefined, {
          layerSize,
          docker: false,
        });
        const img = await t.pushTestImage(c, `${br.host}/${repository(i)}:v1`, {
          layerSize,
          layers: 2,
        });
        return { latest: index.digest, v1: img.digest };
      },
    );
    c.close();
    const dir = mkdtempSync(join(tmpdir(), 'zuul-ts-bench-ir-'));
    const certDir = join(dir, 'certs');
    require('node:fs').mkdirSync(certDir);
    const zuulApi = await t.startFakeZuulApi('bench');
    return {
      br,
      digests,
      dir,
      certDir,
      authFile: join(dir, 'auth.json'),
      zuulApi,
      buildSeq: 0,
      sizes: { images, tags: TAGS.length, platformsOfLatest: 2 },
    };
  },
  async teardown(s) {
    // Per-run registries are stopped by check; after a failed run they are still up.
    await Promise.all([s.ir && s.ir.stop(), s.dst && s.dst.stop()]);
    await s.zuulApi.stop();
    await s.br.stop();
    rmSync(s.dir, { recursive: true, force: true });
  },
  contenders: [
    { name: 'zuul-ts', role: 'self', prepare, run: zuulTs, check },
    { name: 'skopeo', role: 'alt', tool: 'skopeo', prepare, run: skopeo, check },
  ],
};
