'use strict';
// Start-up cost of a whole process. `zuul-ts run-playbook` of a no-op
// playbook vs `ansible-playbook` of the same playbook and inventory (Debian ansible-core), and
// `zuul-ts --version` alone. The bin is run as the installed command runs (its node flags).
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { cliCommandMissing, zuulTsArgv } = require('../lib/env');
const { runProcess } = require('../lib/measure');

const zuul = (args, opts) => runProcess(process.execPath, zuulTsArgv(...args), opts);

function expectOutput(state, key, re) {
  if (!re.test(state.out[key] || ''))
    throw new Error(`startup: ${key} output lacks ${re}: ${state.out[key]}`);
}

module.exports = {
  name: 'startup',
  summary: 'zuul-ts run-playbook of a no-op playbook vs ansible-playbook; zuul-ts --version',
  requires: { tools: ['ansible-playbook'], ready: () => cliCommandMissing('run-playbook') },
  async setup() {
    const dir = mkdtempSync(join(tmpdir(), 'zuul-ts-bench-startup-'));
    writeFileSync(
      join(dir, 'noop.yaml'),
      '- hosts: localhost\n  gather_facts: false\n  tasks: []\n',
    );
    writeFileSync(
      join(dir, 'inventory.yaml'),
      'all:\n  hosts:\n    localhost:\n      ansible_connection: local\n',
    );
    const env = { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_RETRY_FILES_ENABLED: '0' };
    return { dir, env, out: {}, sizes: { tasks: 0 } };
  },
  async teardown(state) {
    rmSync(state.dir, { recursive: true, force: true });
  },
  contenders: [
    {
      name: 'zuul-ts run-playbook',
      role: 'self',
      async run(s) {
        const p = await zuul(['run-playbook', '-i', 'inventory.yaml', 'noop.yaml'], {
          cwd: s.dir,
          env: s.env,
        });
        s.out.zuul = p.stdout + p.stderr;
        return { seconds: p.seconds, peakRssMB: p.peakRssMB };
      },
      check: (s) => expectOutput(s, 'zuul', /PLAYBOOK END OK/),
    },
    {
      name: 'ansible-playbook',
      role: 'alt',
      tool: 'ansible-playbook',
      async run(s) {
        const p = await runProcess('ansible-playbook', ['-i', 'inventory.yaml', 'noop.yaml'], {
          cwd: s.dir,
          env: s.env,
        });
        s.out.ansible = p.stdout;
        return { seconds: p.seconds, peakRssMB: p.peakRssMB };
      },
      check: (s) => expectOutput(s, 'ansible', /PLAY \[localhost\]/),
    },
    {
      name: 'zuul-ts --version',
      role: 'info',
      async run(s) {
        const p = await zuul(['--version'], { env: s.env });
        s.out.version = p.stdout;
        return { seconds: p.seconds, peakRssMB: p.peakRssMB };
      },
      check: (s) => expectOutput(s, 'version', /^zuul-ts \d+\.\d+\.\d+/),
    },
  ],
};
