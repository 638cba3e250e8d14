'use strict';
// zuul-ts inside a Zuul executor. A playbook outside zuul-ts's subset (a `command` task) run
// three ways with the executor's argv and env: straight by Debian's ansible-playbook; through
// the launcher `zuul-ts-executor-shim` installs in an Ansible venv (its fast path greps the
// playbook for zuul-ts role names and execs ansible-playbook); and through
// `zuul-ts ansible-playbook` (Node starts, decides, hands over). The dispatch overhead is the
// difference to the direct run (target: at most 50 ms). Also the start-up of a playbook zuul-ts
// runs itself (`zuul-ts ansible-playbook` of a debug-only playbook, job-output written) next to
// `zuul-ts run-playbook` of the same playbook (today's figure).
const {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  writeFileSync,
} = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { ROOT, ZUUL_TS_BIN: BIN, cliCommandMissing, zuulTsArgv } = require('../lib/env');
const { runProcess } = require('../lib/measure');

const SHIM = join(ROOT, 'packages', 'job-composer', 'dist', 'executor', 'shim.js');

function argv(s, playbook) {
  return [
    '-v',
    join(s.dir, playbook),
    '-e',
    'zuul_execution_phase=run',
    '-e',
    'zuul_execution_phase_index=0',
    '-e',
    'zuul_execution_trusted=False',
    '-e',
    'zuul_execution_canonical_name_and_path=bench/playbooks/x.yaml',
    '-e',
    'zuul_execution_branch=main',
    `-e@${join(s.dir, 'zuul_vars.yaml')}`,
  ];
}

/** One whole process in the job dir; its output is kept for the check. */
async function timed(s, key, cmd, args, env = {}) {
  const p = await runProcess(cmd, args, { cwd: s.dir, env: { ...s.env, ...env } });
  expectRun(s, key, p);
  return { seconds: p.seconds, peakRssMB: p.peakRssMB };
}

/** runProcess rejects on a non-zero exit; the output is kept for the check. */
function expectRun(s, key, p) {
  s.out[key] = p.stdout + p.stderr;
}

const check = (key, re) => (s) => {
  if (!re.test(s.out[key] || ''))
    throw new Error(`executor-dispatch: ${key} output lacks ${re}: ${s.out[key]}`);
};

module.exports = {
  name: 'executor-dispatch',
  summary:
    'executor: playbook outside the subset via launcher / zuul-ts dispatch vs ansible-playbook; stub playbook start-up',
  requires: {
    tools: ['ansible-playbook'],
    ready: () =>
      cliCommandMissing('ansible-playbook') || (existsSync(SHIM) ? undefined : 'shim not built'),
  },
  async setup() {
    const dir = mkdtempSync(join(tmpdir(), 'zuul-ts-bench-exec-'));
    for (const d of ['work/logs', 'work/tmp', '.ansible', 'venv/bin', 'null/bin'])
      mkdirSync(join(dir, d), { recursive: true });
    writeFileSync(
      join(dir, 'ansible.cfg'),
      `[defaults]\ninventory = ${join(dir, 'inventory.yaml')}\nretry_files_enabled = False\nlocal_tmp = ${join(dir, 'work', 'tmp')}\n`,
    );
    writeFileSync(
      join(dir, 'inventory.yaml'),
      'all:\n  hosts:\n    localhost:\n      ansible_connection: local\n',
    );
    writeFileSync(
      join(dir, 'zuul_vars.yaml'),
      'zuul:\n  build: bench\n  project:\n    name: bench/project\n',
    );
    writeFileSync(
      join(dir, 'logging.json'),
      JSON.stringify({
        version: 1,
        handlers: { jobfile: { filename: join(dir, 'work', 'logs', 'job-output.txt') } },
      }),
    );
    writeFileSync(
      join(dir, 'other.yaml'),
      '- hosts: localhost\n  gather_facts: false\n  tasks:\n    - command: "true"\n',
    );
    writeFileSync(
      join(dir, 'stub.yaml'),
      '- hosts: localhost\n  gather_facts: false\n  tasks:\n    - debug:\n        msg: stub-ok\n',
    );
    copyFileSync('/usr/bin/ansible-playbook', join(dir, 'venv', 'bin', 'ansible-playbook'));
    require(SHIM).installShim(join(dir, 'venv'), BIN);
    // A venv whose "ansible-playbook" does nothing: the dispatch cost alone, without Ansible's
    // own (much larger, noisier) run time.
    copyFileSync('/bin/true', join(dir, 'null', 'bin', 'ansible-playbook'));
    require(SHIM).installShim(join(dir, 'null'), BIN);
    const env = {
      ...process.env,
      ANSIBLE_CONFIG: join(dir, 'ansible.cfg'),
      ANSIBLE_NOCOLOR: '1',
      ZUUL_JOB_LOG_CONFIG: join(dir, 'logging.json'),
      ZUUL_JOBDIR: dir,
      TMP: join(dir, 'work', 'tmp'),
    };
    return { dir, env, out: {}, sizes: {} };
  },
  async teardown(state) {
    rmSync(state.dir, { recursive: true, force: true });
  },
  contenders: [
    {
      name: 'overhead: launcher -> no-op',
      role: 'self',
      run: (s) =>
        timed(
          s,
          'nullLauncher',
          join(s.dir, 'null', 'bin', 'ansible-playbook'),
          argv(s, 'other.yaml'),
        ),
      check: () => undefined,
    },
    {
      name: 'overhead: zuul-ts ansible-playbook -> no-op',
      role: 'self',
      run: (s) =>
        timed(
          s,
          'nullDispatch',
          process.execPath,
          zuulTsArgv('ansible-playbook', ...argv(s, 'other.yaml')),
          {
            ZUUL_TS_ANSIBLE_PLAYBOOK: join(s.dir, 'null', 'bin', 'ansible-playbook.zuul-ts-orig'),
          },
        ),
      check: check('nullDispatch', /goes to /),
    },
    {
      name: 'overhead: no-op directly',
      role: 'alt',
      run: (s) =>
        timed(
          s,
          'nullDirect',
          join(s.dir, 'null', 'bin', 'ansible-playbook.zuul-ts-orig'),
          argv(s, 'other.yaml'),
        ),
      check: () => undefined,
    },
    {
      name: 'launcher fast path',
      role: 'info',
      run: (s) =>
        timed(s, 'launcher', join(s.dir, 'venv', 'bin', 'ansible-playbook'), argv(s, 'other.yaml')),
      check: check('launcher', /PLAY RECAP/),
    },
    {
      name: 'zuul-ts ansible-playbook (dispatch)',
      role: 'info',
      run: (s) =>
        timed(
          s,
          'dispatch',
          process.execPath,
          zuulTsArgv('ansible-playbook', ...argv(s, 'other.yaml')),
          {
            ZUUL_TS_ANSIBLE_PLAYBOOK: join(s.dir, 'venv', 'bin', 'ansible-playbook.zuul-ts-orig'),
          },
        ),
      check: check('dispatch', /goes to .*PLAY RECAP/s),
    },
    {
      name: 'ansible-playbook',
      role: 'info',
      tool: 'ansible-playbook',
      run: (s) => timed(s, 'ansible', 'ansible-playbook', argv(s, 'other.yaml')),
      check: check('ansible', /PLAY RECAP/),
    },
    {
      name: 'zuul-ts ansible-playbook (stub playbook)',
      role: 'info',
      run: (s) =>
        timed(s, 'stub', process.execPath, zuulTsArgv('ansible-playbook', ...argv(s, 'stub.yaml'))),
      check: check('stub', /running .* with zuul-ts/),
    },
    {
      name: 'zuul-ts run-playbook (stub playbook)',
      role: 'info',
      run: (s) =>
        timed(
          s,
          'runPlaybook',
          process.execPath,
          zuulTsArgv('run-playbook', '-i', 'inventory.yaml', 'stub.yaml'),
        ),
      check: check('runPlaybook', /stub-ok/),
    },
  ],
};
