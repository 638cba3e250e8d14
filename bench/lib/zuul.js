'use strict';
// Running zuul-ts roles: as a whole process (`zuul-ts role NAME -e @vars.json`, what the
// roles/*/tasks stubs and run-job do) or in-process (runRole, no process start-up).
const { existsSync, mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { ROOT, zuulTsArgv } = require('./env');
const { runProcess } = require('./measure');

const RUN_ROLE = join(ROOT, 'packages', 'job-composer', 'dist', 'playbook', 'run-role.js');

/** `zuul-ts role NAME` with the vars in a temp file (0600: it may hold credentials). */
async function roleProcess(role, vars, opts = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'zuul-ts-bench-vars-'));
  const file = join(dir, 'vars.json');
  writeFileSync(file, JSON.stringify(vars), { mode: 0o600 });
  try {
    return await runProcess(
      process.execPath,
      zuulTsArgv('role', role, '-e', `@${file}`, ...(opts.args || [])),
      opts,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * `zuul-ts run-job JOB` of a one-job project (`.zuul.yaml` with `JOB` whose parent is
 * `parent`, run in `pipeline`), job variables in a temp file: the whole Zuul-job path (config
 * loading, freezing, playbook, role) as one process.
 */
async function runJobProcess({ job, parent, pipeline, change, vars }, opts = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'zuul-ts-bench-job-'));
  const project = join(dir, 'project');
  require('node:fs').mkdirSync(project);
  writeFileSync(
    join(project, '.zuul.yaml'),
    `- job:\n    name: ${job}\n    parent: ${parent}\n- project:\n    ${pipeline}:\n      jobs:\n        - ${job}\n`,
  );
  const file = join(dir, 'vars.json');
  writeFileSync(file, JSON.stringify(vars), { mode: 0o600 });
  const args = zuulTsArgv('run-job', job, '--project-dir', project, '--project', 'bench/project');
  args.push('--pipeline', pipeline, '--change', change, '--patchset', '1', '-e', `@${file}`);
  try {
    return await runProcess(process.execPath, args, opts);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The same role in this process; throws with the role's error when it fails. */
async function roleInProcess(role, vars) {
  const { runRole } = require(RUN_ROLE);
  const result = await runRole({ role, vars });
  if (!result.ok) throw new Error(`${role}: ${result.error ? result.error.message : 'failed'}`);
  return result;
}

/** Undefined when `zuul-ts role NAME` can run (CLI + role package built), else why not. */
function roleMissing(role) {
  const registry = join(ROOT, 'packages', 'job-composer', 'dist', 'roles', 'registry.js');
  if (!existsSync(RUN_ROLE) || !existsSync(registry))
    return 'needs the zuul-ts role command (job-composer, built)';
  try {
    require(registry).resolveRole(role);
    return undefined;
  } catch (e) {
    return `needs the ${role} role (${e.message})`;
  }
}

module.exports = { roleProcess, roleInProcess, roleMissing, runJobProcess };
