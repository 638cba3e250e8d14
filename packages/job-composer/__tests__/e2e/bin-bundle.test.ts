import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pushTestImage, useRegistry } from '@zuul-ts/testing';

jest.setTimeout(120000);

const PKG = join(__dirname, '..', '..');
const BIN = join(PKG, 'bin', 'zuul-ts.js');
const BUNDLE = join(PKG, 'dist', 'zuul-ts.js');

function zuulTs(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 90000 }, (err, stdout, stderr) =>
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
