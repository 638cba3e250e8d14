'use strict';
// The zuul-jobs Ansible roles themselves (what users switch from), run by Debian's
// ansible-core from a zuul-jobs checkout named by ZUUL_JOBS_DIR (never part of this
// repository). One `ansible-playbook` process per run, the role applied to localhost with the
// job's variables as extra vars.
// remove-registry-tag is replaced by a no-op role: it knows only quay.io and Docker Hub
// (it includes `<registry_type>.yaml`, undefined for a plain registry), so on a plain
// registry zuul-jobs copies the tags and deletes nothing.
const { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { runProcess } = require('./measure');

const dir = () => (process.env.ZUUL_JOBS_DIR ? resolve(process.env.ZUUL_JOBS_DIR) : undefined);

/** Why the zuul-jobs contender cannot run (undefined when it can). */
function zuulJobsMissing(role) {
  const d = dir();
  if (!d) return 'ZUUL_JOBS_DIR not set (a zuul-jobs checkout)';
  if (!existsSync(join(d, 'roles', role, 'tasks', 'main.yaml')))
    return `no roles/${role} in ZUUL_JOBS_DIR=${d}`;
  return undefined;
}

/**
 * `ansible-playbook` applying zuul-jobs' `role` to localhost with `vars` (extra vars from a
 * 0600 file). `path` is prepended to PATH (a docker CLI configured for the bench's dockerd).
 */
async function runZuulJobsRole(role, vars, opts = {}) {
  const work = mkdtempSync(join(tmpdir(), 'zuul-ts-bench-zj-'));
  try {
    const stub = join(work, 'stub-roles', 'remove-registry-tag', 'tasks');
    mkdirSync(stub, { recursive: true });
    writeFileSync(
      join(stub, 'main.yaml'),
      '- name: No tag removal on a plain registry\n  meta: noop\n',
    );
    writeFileSync(
      join(work, 'play.yaml'),
      `- hosts: localhost\n  gather_facts: false\n  roles:\n    - ${role}\n`,
    );
    writeFileSync(
      join(work, 'inventory.yaml'),
      'all:\n  hosts:\n    localhost:\n      ansible_connection: local\n' +
        `      ansible_python_interpreter: /usr/bin/python3\n`,
    );
    writeFileSync(join(work, 'vars.json'), JSON.stringify(vars), { mode: 0o600 });
    const env = {
      ...process.env,
      ...(opts.env || {}),
      ANSIBLE_ROLES_PATH: `${join(work, 'stub-roles')}:${join(dir(), 'roles')}`,
      ANSIBLE_NOCOLOR: '1',
      ANSIBLE_RETRY_FILES_ENABLED: '0',
      ANSIBLE_LOCALHOST_WARNING: '0',
    };
    const p = await runProcess(
      'ansible-playbook',
      ['-i', 'inventory.yaml', 'play.yaml', '-e', '@vars.json'],
      { cwd: work, env, tailLines: 12 },
    );
    if (!/failed=0/.test(p.stdout))
      throw new Error(`zuul-jobs ${role}: playbook failed:\n${p.stdout.slice(-2000)}`);
    return p;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * `fn(env)` with the environment for zuul-jobs' skopeo calls: zuul-jobs-bin/skopeo first on
 * PATH (TLS flags for plain-HTTP loopback registries) and a throw-away auth file for
 * `skopeo login` instead of the machine's.
 */
async function withSkopeoEnv(fn) {
  const d = mkdtempSync(join(tmpdir(), 'zuul-ts-bench-skopeo-'));
  try {
    return await fn({
      PATH: `${join(__dirname, 'zuul-jobs-bin')}:${process.env.PATH}`,
      REGISTRY_AUTH_FILE: join(d, 'auth.json'),
    });
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
}

module.exports = { zuulJobsMissing, runZuulJobsRole, withSkopeoEnv };
