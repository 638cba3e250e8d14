import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import type { Server, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContainerEngine } from '@zuul-ts/engine';
import { RegistryClient } from '@zuul-ts/registry';
import { freePort, startRegistry, startSshLab } from '@zuul-ts/testing';
import type { RegistryServer, SshLab, SshNode } from '@zuul-ts/testing';
import { runJob } from '../../src';
import { PLAYBOOKS, nonce, runPlaybooks, writeJobDir, zuulOf } from './ssh-lab';

jest.setTimeout(600000);

/**
 * A TCP relay in front of a node's sshd that cuts both directions once `limit` bytes went
 * from the executor to the node: the connection drops in the middle of the build context,
 * always at the same point of the byte stream.
 */
function cuttingRelay(port: number, limit: number): Promise<{ port: number; server: Server }> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(port, '127.0.0.1');
    sockets.add(client).add(upstream);
    let sent = 0;
    client.on('data', (d: Buffer) => {
      sent += d.length;
      if (sent > limit) {
        client.destroy();
        upstream.destroy();
        return;
      }
      upstream.write(d);
    });
    upstream.pipe(client);
    const close = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  server.on('close', () => sockets.forEach((s) => s.destroy()));
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ port: (server.address() as { port: number }).port, server }),
    ),
  );
}

/**
 * A node that cannot be reached ends the job as Ansible's UNREACHABLE does under Zuul: return
 * code 3, the host in `<job dir>/.ansible/nodes.unreachable`, nothing pushed; run-job retries.
 */
describe('unreachable SSH nodes', () => {
  let lab: SshLab;
  let node: SshNode;
  let registry: RegistryServer;
  const client = new RegistryClient();
  const cleanup: string[] = [];

  beforeAll(async () => {
    lab = await startSshLab([{ name: 'node1', user: 'ztsnode1', engine: 'podman' }]);
    node = lab.nodes[0];
    registry = await startRegistry();
  });

  afterAll(async () => {
    client.close();
    for (const p of cleanup) rmSync(p, { recursive: true, force: true });
    await registry?.stop();
    await lab?.stop();
  });

  function vars(project: string, repository: string) {
    return {
      zuul: zuulOf(project, '77'),
      container_registry_credentials: { [registry.host]: { username: 'zuul', password: 'x' } },
      container_images: [{ context: 'app', repository, registry: registry.host, tags: ['latest'] }],
    };
  }

  test('closed SSH port: exit 3, nodes.unreachable lists the node, nothing pushed', async () => {
    const project = `closed-${nonce()}`;
    const repository = `${registry.host}/unreach/${project}`;
    const closed = { ...node, hostVars: { ...node.hostVars, ansible_port: await freePort() } };
    const { jobDir, inventory } = writeJobDir([closed], vars(project, repository));
    cleanup.push(jobDir);
    const r = await runPlaybooks(
      ['-i', inventory, join(PLAYBOOKS, 'run.yaml'), join(PLAYBOOKS, 'upload.yaml')],
      { SSH_AUTH_SOCK: lab.agentSocket, ZUUL_JOBDIR: jobDir },
    );
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/node1: UNREACHABLE/);
    expect(readFileSync(join(jobDir, '.ansible', 'nodes.unreachable'), 'utf8')).toBe('node1\n');
    expect(await client.listTags(repository).catch(() => [])).toEqual([]);
  });

  test('unknown host key: refused like ssh does, exit 3', async () => {
    const project = `hostkey-${nonce()}`;
    const repository = `${registry.host}/unreach/${project}`;
    const empty = join(lab.dir, 'empty_known_hosts');
    writeFileSync(empty, '');
    const args = `-o UserKnownHostsFile=${empty}`;
    const strict = { ...node, hostVars: { ...node.hostVars, ansible_ssh_common_args: args } };
    const { jobDir, inventory } = writeJobDir([strict], vars(project, repository));
    cleanup.push(jobDir);
    const r = await runPlaybooks(['-i', inventory, join(PLAYBOOKS, 'run.yaml')], {
      SSH_AUTH_SOCK: lab.agentSocket,
      ZUUL_JOBDIR: jobDir,
    });
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/host key verification failed/);
  });

  test('connection cut in the middle of the build context: exit 3, nothing built or pushed', async () => {
    const project = `cut-${nonce()}`;
    const repository = `${registry.host}/unreach/${project}`;
    node.write({
      [`src/example.org/${project}/app/Dockerfile`]: 'FROM scratch\nCOPY big.bin /big.bin\n',
      [`src/example.org/${project}/app/big.bin`]: randomBytes(8 * 1024 * 1024),
    });
    cleanup.push(join(node.home, 'src', 'example.org', project));
    const relay = await cuttingRelay(node.port, 2 * 1024 * 1024);
    try {
      const cut = { ...node, hostVars: { ...node.hostVars, ansible_port: relay.port } };
      // The relay's port is another "host" for known_hosts: turn checking off as for a new node.
      cut.hostVars.ansible_ssh_common_args = '-o StrictHostKeyChecking=false';
      const { jobDir, inventory } = writeJobDir([cut], vars(project, repository));
      cleanup.push(jobDir);
      const r = await runPlaybooks(
        ['-i', inventory, join(PLAYBOOKS, 'run.yaml'), join(PLAYBOOKS, 'upload.yaml')],
        { SSH_AUTH_SOCK: lab.agentSocket, ZUUL_JOBDIR: jobDir },
      );
      expect({ code: r.code, unreachable: /node1: UNREACHABLE/.test(r.err) }).toEqual({
        code: 3,
        unreachable: true,
      });
      expect(readFileSync(join(jobDir, '.ansible', 'nodes.unreachable'), 'utf8')).toBe('node1\n');
      expect(await client.listTags(repository).catch(() => [])).toEqual([]);
      const engine = await ContainerEngine.connect({ kind: 'podman', endpoint: node.engineHost });
      expect((await engine.listTags()).filter((t) => t.startsWith(repository))).toEqual([]);
    } finally {
      await new Promise((r) => relay.server.close(r));
    }
  });

  test('run-job: an unreachable node is retried, RETRY_LIMIT after the last attempt', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'zts-sshrj-'));
    cleanup.push(dir);
    const projectDir = join(dir, 'app');
    mkdirSync(join(projectDir, 'playbooks'), { recursive: true });
    writeFileSync(
      join(projectDir, 'playbooks', 'build.yaml'),
      '- hosts: all\n  roles:\n    - build-container-image\n',
    );
    writeFileSync(
      join(projectDir, '.zuul.yaml'),
      [
        '- job:',
        '    name: ssh-build',
        '    attempts: 2',
        '    nodeset: {nodes: [{name: node1, label: debian}]}',
        '    run: playbooks/build.yaml',
        '    vars:',
        '      container_images:',
        `        - {context: app, repository: "${registry.host}/unreach/rj", tags: [latest]}`,
        '',
      ].join('\n'),
    );
    const saved = process.env.SSH_AUTH_SOCK;
    process.env.SSH_AUTH_SOCK = lab.agentSocket;
    try {
      const res = await runJob({
        job: 'ssh-build',
        projectDir,
        project: 'org/app',
        pipeline: 'check',
        change: '5',
        patchset: '1',
        nodes: [
          {
            name: 'node1',
            label: 'debian',
            interfaceIp: '127.0.0.1',
            connectionPort: await freePort(),
            username: node.user,
          },
        ],
      });
      expect(res.attempts.map((a) => a.result)).toEqual(['RETRY', 'RETRY_LIMIT']);
      expect(res.result).toBe('RETRY_LIMIT');
      expect(readFileSync(join(res.jobDir, '.ansible', 'nodes.unreachable'), 'utf8')).toBe(
        'node1\n',
      );
    } finally {
      if (saved === undefined) delete process.env.SSH_AUTH_SOCK;
      else process.env.SSH_AUTH_SOCK = saved;
    }
  });
});
