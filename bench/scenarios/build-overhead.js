'use strict';
// Build overhead with a big context (200 MB in 20 000 small random files)
// and a trivial Dockerfile, so the engine's own work is the same and small: this measures
// context streaming. zuul-ts build role (whole process, streamed tar over the Engine API) vs
// the docker CLI (`DOCKER_BUILDKIT=0 docker build`, the same /build API; this machine's docker
// has no buildx). Every run changes one marker file so the COPY step really runs; the check
// reads the marker back out of the built image.
// `zuul-ts over SSH` builds the same context as a Zuul node reached over SSH: an sshd on
// loopback (root, key in an ssh-agent), the same dockerd through the forwarded socket, the
// context streamed from the node's `tar` — the cost of the SSH path next to the local one.
const { randomBytes } = require('node:crypto');
const {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { runProcess } = require('../lib/measure');
const { roleMissing, roleProcess } = require('../lib/zuul');
const { ROOT } = require('../lib/env');

const PROJECT = 'src/example.org/bench';
const CHANGE = '4242';
const CHANGE_URL = 'https://review.example.org/4242';
const repoOf = (who) => `quay.io/zuul-ts-bench/build-${who}`;
const docker = (...args) => runProcess('docker', args);

function writeContext(dir, files, size) {
  const per = 500; // files per folder
  for (let i = 0; i < files; i++) {
    const sub = join(dir, 'files', String(Math.floor(i / per)));
    if (i % per === 0) mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, `f${i}.bin`), randomBytes(size));
  }
  writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY marker /marker\n');
}

/** The role's variables as the build stub passes them, for repository `who`. */
function roleVars(s, who) {
  return {
    zuul: {
      change: CHANGE,
      pipeline: 'check',
      change_url: CHANGE_URL,
      project: { src_dir: PROJECT },
    },
    zuul_work_dir: PROJECT,
    ansible_user_dir: s.home,
    container_command: 'docker',
    container_images: [{ context: '.', repository: repoOf(who), tags: ['latest'] }],
  };
}

/** A loopback SSH node (root) whose engine is the bench's dockerd. */
async function startNode() {
  if (!existsSync('/usr/sbin/sshd')) return undefined;
  const { startSshLab } = require(join(ROOT, 'packages', 'testing', 'dist'));
  return startSshLab([
    { name: 'bench-node', user: 'root', engine: 'docker', engineHost: process.env.DOCKER_HOST },
  ]);
}

async function prepare(s, it) {
  s.marker = `run ${it} ${randomBytes(8).toString('hex')}\n`;
  writeFileSync(join(s.context, 'marker'), s.marker);
}

/** The built image holds this run's marker (read back through a created container). */
async function checkImage(s, who) {
  const ref = `${repoOf(who)}:latest`;
  const id = (await docker('create', ref, '/none')).stdout.trim();
  const out = join(s.home, 'marker.out');
  try {
    await docker('cp', `${id}:/marker`, out);
    const got = readFileSync(out, 'utf8');
    if (got !== s.marker)
      throw new Error(`build-overhead: ${ref} has marker ${JSON.stringify(got)}`);
  } finally {
    await docker('rm', id);
    rmSync(out, { force: true });
  }
}

module.exports = {
  maxRepeat: 3,
  name: 'build-overhead',
  summary:
    '200 MB / 20 000-file context, trivial Dockerfile: zuul-ts build role process vs docker build CLI (peak RSS)',
  requires: { tools: ['docker'], ready: () => roleMissing('build-container-image') },
  async setup(ctx) {
    const files = ctx.smoke ? 200 : 20000;
    const size = ctx.smoke ? 1024 : 10 * 1024;
    const home = mkdtempSync(join(tmpdir(), 'zuul-ts-bench-build-'));
    const context = join(home, PROJECT);
    mkdirSync(context, { recursive: true });
    writeContext(context, files, size);
    const lab = await startNode();
    return { home, context, lab, sizes: { files, contextMB: Math.round((files * size) / 1e6) } };
  },
  async teardown(s) {
    if (s.lab) await s.lab.stop();
    rmSync(s.home, { recursive: true, force: true });
    for (const who of ['zuul-ts', 'zuul-ts-ssh', 'docker'])
      for (const tag of ['latest', `change_${CHANGE}_latest`])
        await docker('rmi', '-f', `${repoOf(who)}:${tag}`).catch(() => undefined);
  },
  contenders: [
    {
      name: 'zuul-ts',
      role: 'self',
      prepare,
      async run(s) {
        const p = await roleProcess('build-container-image', roleVars(s, 'zuul-ts'));
        return { seconds: p.seconds, peakRssMB: p.peakRssMB };
      },
      check: (s) => checkImage(s, 'zuul-ts'),
    },
    {
      name: 'zuul-ts over SSH',
      role: 'info',
      tool: 'sshd',
      prepare,
      async run(s) {
        const node = s.lab.nodes[0];
        const p = await roleProcess(
          'build-container-image',
          { ...roleVars(s, 'zuul-ts-ssh'), ...node.hostVars, ansible_connection: 'ssh' },
          { env: { ...process.env, SSH_AUTH_SOCK: s.lab.agentSocket } },
        );
        return { seconds: p.seconds, peakRssMB: p.peakRssMB };
      },
      check: (s) => checkImage(s, 'zuul-ts-ssh'),
    },
    {
      name: 'docker build',
      role: 'alt',
      tool: 'docker',
      prepare,
      async run(s) {
        // zuul-jobs' docker build command line: the zuul labels as --label, tag and change tag.
        const args = ['build', '-q'];
        args.push(
          '--label',
          `org.zuul-ci.change=${CHANGE}`,
          '--label',
          `org.zuul-ci.change_url=${CHANGE_URL}`,
        );
        args.push(
          '-t',
          `${repoOf('docker')}:latest`,
          '-t',
          `${repoOf('docker')}:change_${CHANGE}_latest`,
          s.context,
        );
        const p = await runProcess('docker', args, {
          env: { ...process.env, DOCKER_BUILDKIT: '0' },
        });
        return { seconds: p.seconds, peakRssMB: p.peakRssMB };
      },
      check: (s) => checkImage(s, 'docker'),
    },
  ],
};
