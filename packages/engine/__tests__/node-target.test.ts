import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { knownHostKey, nodeSocketPath, sshTarget } from '../src';

describe('sshTarget: which hosts are reached over SSH', () => {
  test('a Zuul node (ansible_host, port, user, no connection var) is remote', () => {
    expect(
      sshTarget(
        'ubuntu',
        { ansible_host: '10.0.0.5', ansible_port: 2222, ansible_user: 'zuul' },
        {},
      ),
    ).toMatchObject({
      name: 'ubuntu',
      host: '10.0.0.5',
      port: 2222,
      username: 'zuul',
      checkHostKey: true,
    });
  });

  test('ansible_connection: local, implicit localhost and hosts without ansible_host are local', () => {
    expect(
      sshTarget('n', { ansible_host: '127.0.0.1', ansible_connection: 'local' }, {}),
    ).toBeUndefined();
    expect(sshTarget('localhost', { ansible_host: '127.0.0.1' }, {})).toBeUndefined();
    expect(sshTarget('n', {}, {})).toBeUndefined();
  });

  test("StrictHostKeyChecking=false (Zuul's choice for nodes without host keys) turns checking off", () => {
    const vars = { ansible_host: 'h', ansible_ssh_common_args: '-o StrictHostKeyChecking=false' };
    expect(sshTarget('n', vars, {})?.checkHostKey).toBe(false);
    expect(
      sshTarget('n', { ansible_host: 'h' }, { ANSIBLE_HOST_KEY_CHECKING: 'False' })?.checkHostKey,
    ).toBe(false);
  });

  test('UserKnownHostsFile from the ssh arguments replaces the default files', () => {
    const vars = {
      ansible_host: 'h',
      ansible_ssh_common_args: '-o UserKnownHostsFile=/w/.ssh/known_hosts',
    };
    expect(sshTarget('n', vars, {})?.knownHosts).toEqual(['/w/.ssh/known_hosts']);
  });
});

describe('knownHostKey', () => {
  let dir: string;
  let key: Buffer;
  let line: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'zts-kh-'));
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'k')]);
    line = readFileSync(join(dir, 'k.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
    key = Buffer.from(line.split(' ')[1], 'base64');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('plain, [host]:port and hashed entries match; other hosts and keys do not', () => {
    const file = join(dir, 'known_hosts');
    writeFileSync(file, `10.0.0.5 ${line}\n[127.0.0.1]:2222 ${line}\n`);
    expect(knownHostKey([file], '10.0.0.5', 22, key)).toBe(true);
    expect(knownHostKey([file], '127.0.0.1', 2222, key)).toBe(true);
    expect(knownHostKey([file], '127.0.0.1', 22, key)).toBe(false);
    expect(knownHostKey([file], '10.0.0.6', 22, key)).toBe(false);
    execFileSync('ssh-keygen', ['-q', '-H', '-f', file]);
    expect(readFileSync(file, 'utf8')).toContain('|1|');
    expect(knownHostKey([file], '127.0.0.1', 2222, key)).toBe(true);
    expect(knownHostKey([file], '10.0.0.6', 22, key)).toBe(false);
  });

  test('a @revoked key is refused', () => {
    const file = join(dir, 'revoked');
    writeFileSync(file, `h ${line}\n@revoked h ${line}\n`);
    expect(knownHostKey([file], 'h', 22, key)).toBe(false);
  });
});

test("nodeSocketPath: container_engine_host, else the engine's default socket for the SSH user", () => {
  expect(nodeSocketPath('docker', 1000)).toBe('/var/run/docker.sock');
  expect(nodeSocketPath('podman', 0)).toBe('/run/podman/podman.sock');
  expect(nodeSocketPath('podman', 1000)).toBe('/run/user/1000/podman/podman.sock');
  expect(nodeSocketPath('podman', 1000, 'unix:///srv/p.sock')).toBe('/srv/p.sock');
  expect(() => nodeSocketPath('docker', 0, 'tcp://h:2375')).toThrow(/container_engine_host/);
});
