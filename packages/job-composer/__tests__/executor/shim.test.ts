import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { installShim, shimStatus, uninstallShim } from '../../src/executor/shim';
import { TS_CLI, makeJobDir } from './job-dir';

jest.setTimeout(120000);

/**
 * The launcher in a Zuul-style Ansible venv (`<ansible_root>/<version>/bin/ansible-playbook`,
 * here a copy of Debian's): playbooks naming no zuul-ts role go straight to the real
 * ansible-playbook, others to zuul-ts; uninstall restores the original byte for byte.
 */
describe('zuul-ts-executor-shim', () => {
  const root = mkdtempSync('/tmp/zts-venv-');
  const venv = join(root, '9');
  const job = makeJobDir();
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    job.cleanup();
  });

  test('install, fast path, zuul-ts path, status, uninstall', () => {
    mkdirSync(join(venv, 'bin'), { recursive: true });
    const target = join(venv, 'bin', 'ansible-playbook');
    copyFileSync('/usr/bin/ansible-playbook', target);
    const original = readFileSync(target);
    expect(shimStatus(venv).installed).toBe(false);
    installShim(venv, TS_CLI);
    installShim(venv, TS_CLI); // idempotent: the original is kept once
    expect(readFileSync(join(venv, 'bin', 'ansible-playbook.zuul-ts-orig'))).toEqual(original);
    expect(shimStatus(venv)).toMatchObject({ installed: true });
    expect(shimStatus(venv).lines).toContain(`zuul-ts: ${TS_CLI}`);
    // node is started with the flags of the bin's `#!/usr/bin/env -S node --flag...` line
    const flags = readFileSync(TS_CLI, 'utf8')
      .split('\n', 1)[0]
      .split(/\s+/)
      .filter((w) => w.startsWith('--'));
    expect(flags.length).toBeGreaterThan(0);
    const launcher = readFileSync(target, 'utf8');
    for (const flag of flags) expect(launcher).toContain(` '${flag}' '${TS_CLI}' ansible-playbook`);

    const plain = job.writePlaybook(
      'plain.yaml',
      '- hosts: localhost\n  tasks:\n    - debug:\n        msg: plain-ansible\n',
    );
    const fast = spawnSync(target, job.argv(plain), {
      env: job.env(),
      cwd: job.root,
      encoding: 'utf8',
    });
    expect(fast.status).toBe(0);
    expect(fast.stdout).toContain('plain-ansible'); // Ansible's default callback printed it
    expect(fast.stdout).not.toContain('zuul-ts:');

    const stub = job.writePlaybook(
      'stub.yaml',
      '- hosts: localhost\n  roles:\n    - build-container-image\n',
    );
    const viaTs = spawnSync(target, job.argv(stub), {
      env: job.env(),
      cwd: job.root,
      encoding: 'utf8',
    });
    expect(viaTs.stdout).toContain('with zuul-ts');
    expect(viaTs.status).toBe(2); // no container_images: bad role input
    expect(viaTs.stdout).toMatch(/^ERROR! .*container_images/m);

    uninstallShim(venv);
    expect(readFileSync(target)).toEqual(original);
    expect(shimStatus(venv).installed).toBe(false);
  });
});
