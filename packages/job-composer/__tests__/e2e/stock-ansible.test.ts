import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pushTestImage, useRegistry } from '@zuul-ts/testing';
import { DEFAULT_ROLES_DIR } from '../../src';

jest.setTimeout(240000);

const PASSWORD = 'stock-Ansible-pw-9';

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  return new Promise<{ code: number; output: string }>((resolve) => {
    const child = spawn(cmd, args, { env, cwd });
    let output = '';
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (output += String(d)));
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

/**
 * Stock Ansible (ansible-playbook, local connection) runs our role through its one-task stub
 * `roles/promote-container-image/tasks/main.yaml`, which pipes the variables to
 * `zuul-ts role promote-container-image -e @-` (here launched from the TypeScript sources).
 */
describe('roles/* stubs under stock ansible-playbook', () => {
  const reg = useRegistry('plain');

  test('promote-container-image retags change_7_latest to latest through the stub', async () => {
    const repo = `${reg.server.host}/org/stock-${process.pid}`;
    const image = await pushTestImage(reg.client, `${repo}:change_7_latest`);
    const dir = mkdtempSync(join(tmpdir(), 'zts-ansible-'));
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    writeFileSync(
      join(bin, 'zuul-ts'),
      `#!/bin/sh\nexec node ${join(__dirname, 'ts-cli.js')} "$@"\n`,
    );
    chmodSync(join(bin, 'zuul-ts'), 0o755);
    writeFileSync(
      join(dir, 'pb.yaml'),
      '- hosts: localhost\n  gather_facts: false\n  tasks:\n    - include_role:\n        name: promote-container-image\n',
    );
    writeFileSync(
      join(dir, 'vars.json'),
      JSON.stringify({
        zuul: { change: '7', patchset: '1', pipeline: 'promote', project: { name: 'org/stock' } },
        container_images: [{ repository: repo, registry: reg.server.host, tags: ['latest'] }],
        container_registry_credentials: {
          [reg.server.host]: { username: 'zuul', password: PASSWORD },
        },
      }),
    );
    const env = {
      ...process.env,
      PATH: `${bin}:${process.env.PATH ?? ''}`,
      ANSIBLE_ROLES_PATH: DEFAULT_ROLES_DIR,
      ANSIBLE_NOCOLOR: '1',
      ANSIBLE_LOCAL_TEMP: join(dir, 'tmp'),
      ANSIBLE_HOME: join(dir, 'ansible-home'),
    };
    const res = await run(
      'ansible-playbook',
      ['-i', 'localhost,', '-c', 'local', 'pb.yaml', '-e', '@vars.json'],
      env,
      dir,
    );
    expect(res.output).toContain('failed=0');
    expect(res.code).toBe(0);
    expect(res.output).not.toContain(PASSWORD);
    expect(await reg.client.listTags(repo)).toEqual(['latest']);
    expect((await reg.client.headManifest(`${repo}:latest`))?.digest).toBe(image.digest);
  });
});
