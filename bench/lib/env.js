'use strict';
// The machine the bench runs on: infrastructure (private dockerd/podman), built packages, tools.
const { execFileSync, spawnSync } = require('node:child_process');
const { existsSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const os = require('node:os');

const ROOT = join(__dirname, '..', '..');

/** Loads `.run/env` (DOCKER_HOST, ZUUL_TS_PODMAN_HOST) into process.env, starting infra if needed. */
function ensureInfra() {
  const envFile = join(ROOT, '.run', 'env');
  const sock = () => {
    if (!existsSync(envFile)) return false;
    const host = /DOCKER_HOST=unix:\/\/(\S+)/.exec(readFileSync(envFile, 'utf8'));
    return host && existsSync(host[1]);
  };
  if (!sock())
    execFileSync('bash', [join(ROOT, 'scripts', 'infra.sh'), 'start'], { stdio: 'inherit' });
  for (const line of readFileSync(envFile, 'utf8').split('\n')) {
    const m = /^export\s+(\w+)=(.*)$/.exec(line.trim());
    if (m && process.env[m[1]] === undefined) process.env[m[1]] = m[2].replace(/^['"]|['"]$/g, '');
  }
}

/** `require` of a built workspace package (`packages/<name>/dist`), or undefined if not built. */
function loadPackage(name) {
  const dist = join(ROOT, 'packages', name, 'dist', 'index.js');
  if (!existsSync(dist)) return undefined;
  return require(dist);
}

/** Whether a built package exports all these names (a scenario's package has landed). */
function hasExports(name, exportsNeeded) {
  const pkg = loadPackage(name);
  return !!pkg && exportsNeeded.every((e) => pkg[e] !== undefined);
}

const which = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

/** Debian packages providing the tools scenarios compare against. */
const APT = {
  skopeo: 'skopeo',
  'ansible-playbook': 'ansible-core',
  docker: 'docker.io',
  sshd: 'openssh-server',
};

/**
 * Makes sure the tools exist, installing the Debian package via apt-get when missing and
 * running as root. Returns the tools still missing (their comparisons are reported n/a).
 */
function ensureTools(tools, log) {
  const missing = tools.filter((t) => !which(t));
  if (missing.length && process.getuid && process.getuid() === 0) {
    const pkgs = [...new Set(missing.map((t) => APT[t]).filter(Boolean))];
    log(`installing ${pkgs.join(' ')} (apt-get)`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
    spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...pkgs], {
      stdio: 'ignore',
      env,
    });
  }
  return tools.filter((t) => !which(t));
}

function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0] ? cpus[0].model.trim() : 'unknown',
    memoryGB: Math.round(os.totalmem() / 1e9),
    kernel: os.release(),
    node: process.version,
  };
}

module.exports = { ROOT, ensureInfra, loadPackage, hasExports, ensureTools, which, machine };

/** The `zuul-ts` CLI command `name` exists in the built job-composer (undefined) or why not. */
function cliCommandMissing(name) {
  const f = join(ROOT, 'packages', 'job-composer', 'dist', 'cli', 'commands.js');
  if (!existsSync(f)) return 'needs the zuul-ts CLI (packages/job-composer, built)';
  return require(f).COMMANDS[name] ? undefined : `needs the zuul-ts ${name} command`;
}
module.exports.cliCommandMissing = cliCommandMissing;

const ZUUL_TS_BIN = join(ROOT, 'packages', 'job-composer', 'bin', 'zuul-ts.js');

/** The node flags of the CLI's `#!/usr/bin/env -S node --flag...` line (bin/zuul-ts.js). */
function zuulTsNodeFlags() {
  return require(join(ROOT, 'packages', 'job-composer', 'bin', 'load-bundle.js')).launcherFlags(
    ZUUL_TS_BIN,
  );
}

/** node's argv for `zuul-ts ARGS...` as the installed command runs: its flags, the bin, ARGS. */
function zuulTsArgv(...args) {
  return [...zuulTsNodeFlags(), ZUUL_TS_BIN, ...args];
}
module.exports.ZUUL_TS_BIN = ZUUL_TS_BIN;
module.exports.zuulTsNodeFlags = zuulTsNodeFlags;
module.exports.zuulTsArgv = zuulTsArgv;
