'use strict';
// Upload 5 images x 3 tags from the local Docker image store.
// zuul-ts: `zuul-ts role upload-container-image` (whole process; one engine push per image,
// the other tags by registry retag) vs `docker push` of every tag via the docker CLI (what
// zuul-jobs runs) vs the zuul-jobs upload-container-image role itself (ansible-playbook: docker
// login, docker push of every tag, docker logout). A fresh destination registry per run, so no layer is already there.
const { randomBytes } = require('node:crypto');
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { client, startRegistry } = require('../lib/registry');
const { runProcess } = require('../lib/measure');
const { roleMissing, roleProcess } = require('../lib/zuul');
const { mapLimit } = require('../lib/pool');
const { runZuulJobsRole, zuulJobsMissing } = require('../lib/zuul-jobs');

const CHANGE = '4242';
const TAGS = ['latest', 'v1', 'v1.2'];
const docker = (...args) => runProcess('docker', args);
const localName = (i) => `zuul-ts-bench/upload-${i}`;
const destRepo = (s, i) => `${s.dst.host}/bench/upload-${i}`;
const pushTag = (t) => `change_${CHANGE}_${t}`; // upload with promote=true pushes P_T

module.exports = {
  name: 'upload-5x3',
  summary:
    'upload 5 images x 3 tags from dockerd: zuul-ts upload role process vs docker push per tag',
  requires: {
    packages: { registry: ['RegistryClient'], testing: ['startRegistry'] },
    tools: ['docker'],
    ready: () => roleMissing('upload-container-image'),
  },
  async setup(ctx) {
    const images = 5;
    const dir = mkdtempSync(join(tmpdir(), 'zuul-ts-bench-upload-'));
    writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY a b /data/\n');
    const ids = [];
    for (let i = 0; i < images; i++) {
      // Two distinct random layers per image: nothing is shared between images or runs.
      writeFileSync(join(dir, 'a'), randomBytes(ctx.smoke ? 4096 : 4 * 1024 * 1024));
      writeFileSync(join(dir, 'b'), randomBytes(ctx.smoke ? 4096 : 4 * 1024 * 1024));
      await docker('build', '-q', '-t', `${localName(i)}:base`, dir);
      ids.push(
        (await docker('image', 'inspect', '-f', '{{.Id}}', `${localName(i)}:base`)).stdout.trim(),
      );
    }
    rmSync(dir, { recursive: true, force: true });
    return {
      ids,
      c: client(),
      sizes: { images, tags: TAGS.length, layerMB: ctx.smoke ? 0.004 : 4 },
    };
  },
  async teardown(s) {
    if (s.dst) await s.dst.stop(); // left over by a failed run
    s.c.close();
    for (let i = 0; i < s.ids.length; i++)
      await docker('rmi', '-f', `${localName(i)}:base`).catch(() => undefined);
  },
  contenders: [
    {
      name: 'zuul-ts',
      role: 'self',
      prepare,
      async run(s) {
        const p = await roleProcess('upload-container-image', uploadVars(s));
        return { seconds: p.seconds, peakRssMB: p.peakRssMB };
      },
      check,
    },
    {
      name: 'docker push',
      role: 'alt',
      tool: 'docker',
      prepare,
      async run(s) {
        for (let i = 0; i < s.ids.length; i++)
          for (const t of TAGS) await docker('push', '-q', `${destRepo(s, i)}:${pushTag(t)}`);
      },
      check,
    },
    {
      name: 'zuul-jobs',
      role: 'alt',
      tool: 'ansible-playbook',
      missing: () => zuulJobsMissing('upload-container-image'),
      prepare,
      async run(s) {
        // docker login writes to DOCKER_CONFIG: a throw-away one, not the machine's.
        const config = mkdtempSync(join(tmpdir(), 'zuul-ts-bench-dockercfg-'));
        try {
          const p = await runZuulJobsRole('upload-container-image', uploadVars(s), {
            env: { DOCKER_CONFIG: config },
          });
          return { seconds: p.seconds, peakRssMB: p.peakRssMB };
        } finally {
          rmSync(config, { recursive: true, force: true });
        }
      },
      check,
    },
  ],
};

function uploadVars(s) {
  return {
    zuul: {
      change: CHANGE,
      patchset: '1',
      pipeline: 'gate',
      project: { name: 'bench/project', src_dir: 'src/bench' },
    },
    container_command: 'docker',
    container_images: s.ids.map((_, i) => ({
      registry: s.dst.host,
      repository: destRepo(s, i),
      tags: TAGS,
    })),
    container_registry_credentials: {
      [s.dst.host]: { username: 'bench', password: s.password },
    },
  };
}

/** Untimed: a fresh destination registry and the local tags zuul-jobs' build role leaves. */
async function prepare(s) {
  s.dst = await startRegistry();
  s.password = randomBytes(12).toString('hex');
  await mapLimit(s.ids, 4, async (_, i) => {
    for (const t of TAGS) {
      await docker('tag', `${localName(i)}:base`, `${destRepo(s, i)}:${t}`);
      await docker('tag', `${localName(i)}:base`, `${destRepo(s, i)}:${pushTag(t)}`);
    }
  });
}

/** Every pushed tag is in the registry and its manifest's config is the local image. */
async function check(s) {
  try {
    await mapLimit(s.ids, 4, async (id, i) => {
      for (const t of TAGS) {
        const m = await s.c.getManifest(`${destRepo(s, i)}:${pushTag(t)}`);
        const config = JSON.parse(m.bytes.toString()).config.digest;
        if (config !== id)
          throw new Error(
            `upload-5x3: ${destRepo(s, i)}:${pushTag(t)} has config ${config}, local image is ${id}`,
          );
      }
    });
  } finally {
    const tags = s.ids.flatMap((_, i) =>
      TAGS.flatMap((t) => [`${destRepo(s, i)}:${t}`, `${destRepo(s, i)}:${pushTag(t)}`]),
    );
    await docker('rmi', ...tags);
    await s.dst.stop();
  }
}
