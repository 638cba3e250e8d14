import { execFile } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pushTestImage, useRegistry } from '@zuul-ts/testing';

jest.setTimeout(120000);

const PKG = join(__dirname, '..', '..');
const BIN = join(PKG, 'bin', 'zuul-ts.js');
const BUNDLE = join(PKG, 'dist', 'zuul-ts.js');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const load = require(join(PKG, 'bin', 'load-bundle.js')) as {
  launcherFlags(bin: string): string[];
};
/** The node flags of bin/zuul-ts.js's `#!` line: the installed command runs with them. */
const FLAGS = load.launcherFlags(BIN);

function nodeRun(args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(process.execPath, [...FLAGS, ...args], (err, stdout) =>
      err ? reject(err) : resolve(stdout),
    ),
  );
}

function zuulTs(
  args: string[],
  bin = BIN,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [...FLAGS, bin, ...args],
      { timeout: 90000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

/**
 * The installed command as users run it: bin/zuul-ts.js loading the one-file bundle. The
 * bundle lives at another depth than the compiled modules, so this proves it still finds the
 * shipped jobs/ (the built-in parent job and its playbook stub) and roles/ (role defaults).
 */
describe('bin/zuul-ts.js (bundled CLI)', () => {
  const reg = useRegistry('plain');
  const dir = mkdtempSync(join(tmpdir(), 'zuul-ts-bin-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('is built (npm run build)', () => {
    expect(existsSync(BUNDLE)).toBe(true);
  });

  test("the build wrote a code cache that V8 accepts under the bin's node flags", async () => {
    const loader = JSON.stringify(join(PKG, 'bin', 'load-bundle.js'));
    const probe = `const l = require(${loader}); const b = l.loadBundle(${JSON.stringify(BUNDLE)}, l.cacheFileFor(${JSON.stringify(join(PKG, 'dist'))})); process.stdout.write(String(b.cacheRejected));`;
    expect(await nodeRun(['-e', probe])).toBe('false');
  });

  test('a rejected code cache only slows a run down, and the run rewrites it', async () => {
    // A copy of the installed layout, so the shared cache is not touched.
    const root = join(dir, 'installed');
    mkdirSync(join(root, 'bin'), { recursive: true });
    mkdirSync(join(root, 'dist'));
    mkdirSync(join(root, 'roles'));
    for (const f of ['bin/zuul-ts.js', 'bin/load-bundle.js', 'dist/zuul-ts.js', 'package.json'])
      copyFileSync(join(PKG, f), join(root, f));
    const loader = JSON.stringify(join(root, 'bin', 'load-bundle.js'));
    const cache = await nodeRun([
      '-e',
      `process.stdout.write(require(${loader}).cacheFileFor(${JSON.stringify(join(root, 'dist'))}))`,
    ]);
    writeFileSync(cache, 'not a code cache');
    const r = await zuulTs(['--version'], join(root, 'bin', 'zuul-ts.js'));
    expect(r.stdout).toMatch(/^zuul-ts \d+\.\d+\.\d+\n$/);
    expect(r.code).toBe(0);
    expect(readFileSync(cache).length).toBeGreaterThan(1000);
    const again = await zuulTs(['--version'], join(root, 'bin', 'zuul-ts.js'));
    expect(again.stdout).toBe(r.stdout);
  });

  test('output to a reader that has gone away (`| head`) ends quietly, exit code kept', async () => {
    const { spawn } = await import('node:child_process');
    writeFileSync(
      join(dir, 'noop.yaml'),
      '- hosts: localhost\n  gather_facts: false\n  tasks: []\n',
    );
    writeFileSync(join(dir, 'inv.yaml'), 'all:\n  hosts:\n    localhost: {}\n');
    const child = spawn(
      process.execPath,
      [
        ...FLAGS,
        BIN,
        'run-playbook',
        '--json',
        '-i',
        join(dir, 'inv.yaml'),
        join(dir, 'noop.yaml'),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout.destroy(); // closed before the first event is written: every write gets EPIPE
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  test('--version reads the package version', async () => {
    const r = await zuulTs(['--version']);
    expect(r.stdout).toMatch(/^zuul-ts \d+\.\d+\.\d+\n$/);
    expect(r.code).toBe(0);
  });

  test('run-job on the built-in parent promote-container-image promotes the change tag', async () => {
    const host = reg.server.host;
    const repo = `${host}/org/bin-${process.pid}`;
    const image = await pushTestImage(reg.client, `${repo}:change_77_latest`);
    const project = join(dir, 'project');
    mkdirSync(project);
    writeFileSync(
      join(project, '.zuul.yaml'),
      '- job:\n    name: bin-promote\n    parent: promote-container-image\n' +
        '- project:\n    promote:\n      jobs:\n        - bin-promote\n',
    );
    const vars = join(dir, 'vars.json');
    writeFileSync(
      vars,
      JSON.stringify({
        container_images: [{ registry: host, repository: repo, tags: ['latest'] }],
        container_registry_credentials: { [host]: { username: 'u', password: 'p' } },
      }),
      { mode: 0o600 },
    );
    const r = await zuulTs([
      'run-job',
      'bin-promote',
      '--project-dir',
      project,
      '--project',
      'org/bin',
      '--pipeline',
      'promote',
      '--change',
      '77',
      '--patchset',
      '1',
      '-e',
      `@${vars}`,
    ]);
    expect(r.stderr + r.stdout).toContain('PLAYBOOK END OK');
    expect(r.code).toBe(0);
    expect((await reg.client.headManifest(`${repo}:latest`))?.digest).toBe(image.digest);
    expect(await reg.client.listTags(repo)).toEqual(['latest']);
  });

  test('bad role input fails naming the variable path (validators precompiled by the build)', async () => {
    const vars = join(dir, 'bad.json');
    writeFileSync(
      vars,
      JSON.stringify({ container_images: [{ registry: 'r', repository: 'r/x', tags: 'x' }] }),
    );
    const r = await zuulTs(['role', 'promote-container-image', '-e', `@${vars}`]);
    expect(r.stderr).toContain('container_images[0].tags: must be array');
    expect(r.code).toBe(2);
  });
});
