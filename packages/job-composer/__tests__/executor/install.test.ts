import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { pushTestImage, useRegistry } from '@zuul-ts/testing';
import { makeJobDir, type ExecutorJobDir } from './job-dir';

jest.setTimeout(600000);

const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');
const PASSWORD = 'installed-Registry-pw-3';

/** Every runtime package of the monorepo (test helpers are not installed on executors). */
function runtimePackages(): string[] {
  return readdirSync(join(REPO_ROOT, 'packages')).filter((d) => {
    if (!existsSync(join(REPO_ROOT, 'packages', d, 'package.json'))) return false;
    const pkg = JSON.parse(
      readFileSync(join(REPO_ROOT, 'packages', d, 'package.json'), 'utf8'),
    ) as {
      name: string;
      dependencies?: Record<string, string>;
    };
    return !['@zuul-ts/testing', '@zuul-ts/reliability'].includes(pkg.name);
  });
}

/** Zuul's bubblewrap command (zuul/driver/bubblewrap) for a job, with its ro/rw paths. */
function bwrapArgs(job: ExecutorJobDir, ro: string[], rw: string[]): string[] {
  const work = join(job.root, 'work');
  const args = ['--dir', '/tmp', '--tmpfs', '/tmp', '--dir', '/var', '--dir', '/var/tmp'];
  for (const p of [
    '/usr',
    '/lib',
    '/bin',
    '/sbin',
    '/lib64',
    '/etc/ld.so.cache',
    '/etc/resolv.conf',
    '/etc/hosts',
    '/etc/localtime',
    '/etc/nsswitch.conf',
    '/etc/alternatives',
    '/etc/ssl/certs',
  ])
    args.push('--ro-bind-try', p, p);
  args.push('--bind', work, work, '--tmpfs', join(work, 'tmp'), '--proc', '/proc', '--dev', '/dev');
  args.push('--chdir', work, '--unshare-all', '--share-net', '--die-with-parent');
  for (const p of ro) args.push('--ro-bind', p, p);
  for (const p of rw) args.push('--bind', p, p);
  return args;
}

/**
 * An executor is not a development machine: the runtime packages are packed (`npm pack`),
 * installed into a clean prefix inside a Zuul Ansible venv, the launcher is installed with
 * `zuul-ts-executor-shim`, and a stub playbook runs inside Zuul's bubblewrap sandbox (only the
 * job dir and read-only system paths and the venv visible) against a real registry. Then the
 * launcher is rolled back.
 */
describe('install on an executor from packed tarballs, run inside bubblewrap, roll back', () => {
  const reg = useRegistry('plain');
  const scratch = mkdtempSync('/tmp/zts-install-');
  const venv = join(scratch, 'ansible', '9');
  const prefix = join(venv, 'zuul-ts');
  let job: ExecutorJobDir | undefined;
  afterAll(() => {
    rmSync(scratch, { recursive: true, force: true });
    job?.cleanup();
  });

  test('packed install, sandboxed stub playbook, rollback', async () => {
    execFileSync('npx', ['tsc', '-b'], { cwd: REPO_ROOT, stdio: 'pipe' });
    const tarballs = join(scratch, 'tarballs');
    mkdirSync(tarballs, { recursive: true });
    for (const p of runtimePackages())
      execFileSync('npm', ['pack', '--silent', '--pack-destination', tarballs], {
        cwd: join(REPO_ROOT, 'packages', p),
        stdio: 'pipe',
      });
    mkdirSync(prefix, { recursive: true });
    const files = readdirSync(tarballs).map((f) => join(tarballs, f));
    execFileSync(
      'npm',
      [
        'install',
        '--prefix',
        prefix,
        '--omit=dev',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--no-package-lock',
        ...files,
      ],
      { cwd: prefix, stdio: 'pipe', env: { ...process.env, npm_config_workspaces: 'false' } },
    );
    mkdirSync(join(venv, 'bin'), { recursive: true });
    const target = join(venv, 'bin', 'ansible-playbook');
    copyFileSync('/usr/bin/ansible-playbook', target);
    const original = readFileSync(target);
    const shim = join(prefix, 'node_modules', '.bin', 'zuul-ts-executor-shim');
    // The installed package carries the role folders and the built-in jobs and their playbooks.
    const installed = join(prefix, 'node_modules', '@zuul-ts', 'job-composer');
    for (const f of ['roles/promote-container-image/tasks/main.yaml', 'jobs/zuul.d'])
      expect(existsSync(join(installed, f))).toBe(true);
    // ...and the source tree is as it was: npm pack's copies are gone again.
    for (const d of ['roles', 'jobs'])
      expect(existsSync(join(REPO_ROOT, 'packages', 'job-composer', d))).toBe(false);
    expect(execFileSync(shim, ['install', venv], { encoding: 'utf8' })).toContain('installed:');
    expect(spawnSync(shim, ['status', venv]).status).toBe(0);

    const repo = `${reg.server.host}/org/installed-${process.pid}`;
    const image = await pushTestImage(reg.client, `${repo}:change_1234_latest`);
    job = makeJobDir({
      secrets: { registry_password: PASSWORD },
      vars: {
        container_images: [{ repository: repo, registry: reg.server.host, tags: ['latest'] }],
        container_registry_credentials: {
          [reg.server.host]: { username: 'zuul', password: '{{ registry_password }}' },
        },
      },
      rolesPath: [join(prefix, 'node_modules', '@zuul-ts', 'job-composer', 'roles')],
    });
    const pb = job.writePlaybook(
      'promote.yaml',
      '- hosts: localhost\n  roles:\n    - promote-container-image\n',
    );
    const ro = [
      venv,
      join(job.root, 'ansible'),
      join(job.root, 'trusted'),
      join(job.root, 'untrusted'),
    ];
    const res = spawnSync(
      'bwrap',
      [...bwrapArgs(job, ro, [join(job.root, '.ansible')]), target, ...job.argv(pb)],
      { env: { ...job.env(), PATH: '/usr/bin:/bin' }, encoding: 'utf8' },
    );
    expect(res.stdout).toContain('with zuul-ts');
    expect(res.status).toBe(0);
    expect(await reg.client.listTags(repo)).toEqual(['latest']);
    expect((await reg.client.headManifest(`${repo}:latest`))?.digest).toBe(image.digest);
    expect(readFileSync(job.jobOutput, 'utf8')).toContain('PLAY RECAP');
    expect(readFileSync(job.jobOutput, 'utf8')).not.toContain(PASSWORD);

    expect(execFileSync(shim, ['uninstall', venv], { encoding: 'utf8' })).toContain('restored:');
    expect(readFileSync(target)).toEqual(original);
    expect(spawnSync(shim, ['status', venv]).status).toBe(1);
  });
});
