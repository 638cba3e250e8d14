import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { freePort } from '@zuul-ts/registry';

const INFRA = resolve(__dirname, '..', '..', '..', 'scripts', 'infra.sh');

/** One test node: a Unix user reached by its own sshd on 127.0.0.1, with its own engine. */
export interface SshNode {
  name: string;
  user: string;
  uid: number;
  home: string;
  port: number;
  engine: 'docker' | 'podman';
  /** `unix://…` of the node's engine, as its `container_engine_host` host variable. */
  engineHost: string;
  /** Zuul-shaped host variables (`ansible_host`, `ansible_port`, `ansible_user`…). */
  hostVars: Record<string, unknown>;
  /** Writes files (relative to the node user's home) owned by the node user. */
  write(files: Record<string, string | Buffer>): void;
}

export interface SshNodeSpec {
  name: string;
  user: string;
  engine: 'docker' | 'podman';
  /** An engine that already runs (`unix://…`) instead of a private one started for the node. */
  engineHost?: string;
  /** Check the host key against the lab's known_hosts (default), or turn checking off as Zuul does for nodes without host keys. */
  hostKeyChecking?: boolean;
}

export interface SshLab {
  /** Short private folder `/tmp/zts-<hex>` (socket paths and podman's runroot stay short). */
  dir: string;
  /** The ssh-agent holding the only copy of the client key. */
  agentSocket: string;
  knownHosts: string;
  nodes: SshNode[];
  stop(): Promise<void>;
}

const sh = (cmd: string, args: string[], env?: NodeJS.ProcessEnv) =>
  execFileSync(cmd, args, { encoding: 'utf8', env: { ...process.env, ...env }, stdio: 'pipe' });

/** The node user, created once (a `*` password: usable with keys, no password login). */
function ensureUser(user: string): { uid: number; gid: number; home: string } {
  try {
    sh('id', ['-u', user]);
  } catch {
    sh('useradd', ['-m', '-s', '/bin/sh', user]);
    sh('usermod', ['-p', '*', user]);
  }
  const [, , uid, gid, , home] = sh('getent', ['passwd', user]).trim().split(':');
  return { uid: Number(uid), gid: Number(gid), home };
}

function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let tries = 0;
    const tick = async () => {
      if (await check()) return resolve();
      if (++tries > 300) return reject(new Error(`${what} did not come up`));
      setTimeout(tick, 100);
    };
    void tick();
  });
}

const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = connect(port, '127.0.0.1');
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });

function sshdConfig(dir: string, node: SshNodeSpec, port: number): string {
  return [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${dir}/host_ed25519`,
    `PidFile ${dir}/sshd-${node.name}.pid`,
    `AuthorizedKeysFile ${dir}/auth/%u`,
    `AllowUsers ${node.user}`,
    'StrictModes no',
    'PermitRootLogin prohibit-password',
    'UsePAM no',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'PubkeyAuthentication yes',
    'AllowStreamLocalForwarding yes',
    'Subsystem sftp internal-sftp',
    'LogLevel ERROR',
    '',
  ].join('\n');
}

/**
 * Starts SSH test nodes on loopback, as an executor sees Zuul nodes: one sshd per node
 * (Debian openssh-server, port on 127.0.0.1), its own Unix user, its own engine (a private
 * dockerd or podman service whose socket the user owns), and an ssh-agent holding the client
 * key, which exists nowhere else. `stop()` ends every process started here and removes the
 * folder; call it from afterAll.
 */
export async function startSshLab(specs: SshNodeSpec[]): Promise<SshLab> {
  const dir = `/tmp/zts-${randomBytes(4).toString('hex')}`;
  mkdirSync(join(dir, 'auth'), { recursive: true, mode: 0o755 });
  chmodSync(dir, 0o755);
  mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const procs: ChildProcess[] = [];
  const engines: { engine: string; name: string }[] = [];
  const env = { ZUUL_TS_RUN: dir };
  const lab: SshLab = {
    dir,
    agentSocket: join(dir, 'agent.sock'),
    knownHosts: join(dir, 'known_hosts'),
    nodes: [],
    async stop() {
      for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGTERM');
      await Promise.all(
        procs.map((p) =>
          p.exitCode === null && p.signalCode === null
            ? new Promise((r) => p.once('exit', r))
            : undefined,
        ),
      );
      for (const e of engines) {
        try {
          sh('bash', [INFRA, `stop-${e.engine}`, e.name], env);
        } catch {
          // already gone
        }
      }
      // Engines leave their storage mounts (podman's overlay root): unmounted before removal.
      const mounts = readFileSync('/proc/mounts', 'utf8')
        .split('\n')
        .map((l) => l.split(' ')[1])
        .filter((m) => m && (m === dir || m.startsWith(`${dir}/`)))
        .reverse();
      for (const m of mounts) {
        try {
          sh('umount', ['-l', m]);
        } catch {
          // already unmounted with its parent
        }
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'id_ed25519')]);
    sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_ed25519')]);
    const agent = spawn('ssh-agent', ['-D', '-a', lab.agentSocket], { stdio: 'ignore' });
    procs.push(agent);
    await waitFor(async () => existsSync(lab.agentSocket), 'ssh-agent');
    sh('ssh-add', ['-q', join(dir, 'id_ed25519')], { SSH_AUTH_SOCK: lab.agentSocket });
    rmSync(join(dir, 'id_ed25519')); // the key now lives in the agent only
    const pub = readFileSync(join(dir, 'id_ed25519.pub'), 'utf8');
    const hostKey = readFileSync(join(dir, 'host_ed25519.pub'), 'utf8').split(' ').slice(0, 2);
    const known: string[] = [];
    for (const spec of specs) {
      const user = ensureUser(spec.user);
      writeFileSync(join(dir, 'auth', spec.user), pub, { mode: 0o644 });
      const port = await freePort();
      const conf = join(dir, `sshd-${spec.name}.conf`);
      writeFileSync(conf, sshdConfig(dir, spec, port));
      const sshd = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', conf], { stdio: 'ignore' });
      procs.push(sshd);
      known.push(`[127.0.0.1]:${port} ${hostKey.join(' ')}`);
      let socket = spec.engineHost;
      if (!socket) {
        socket = sh('bash', [INFRA, `start-${spec.engine}`, spec.name], env).trim();
        engines.push({ engine: spec.engine, name: spec.name });
        chownSync(socket.slice('unix://'.length), user.uid, user.gid);
      }
      await waitFor(() => portOpen(port), `sshd for ${spec.name}`);
      const args =
        spec.hostKeyChecking === false
          ? '-o StrictHostKeyChecking=false'
          : `-o UserKnownHostsFile=${lab.knownHosts}`;
      lab.nodes.push({
        name: spec.name,
        user: spec.user,
        uid: user.uid,
        home: user.home,
        port,
        engine: spec.engine,
        engineHost: socket,
        hostVars: {
          ansible_host: '127.0.0.1',
          ansible_port: port,
          ansible_user: spec.user,
          ansible_ssh_common_args: args,
          container_engine_host: socket,
          container_command: spec.engine,
        },
        write(files) {
          for (const [rel, content] of Object.entries(files)) {
            const path = join(user.home, rel);
            mkdirSync(dirname(path), { recursive: true });
            writeFileSync(path, content);
            // Owned by the node user, as a checkout on a real node is.
            let p = path;
            while (p.startsWith(`${user.home}/`)) {
              chownSync(p, user.uid, user.gid);
              p = dirname(p);
            }
          }
        },
      });
    }
    writeFileSync(lab.knownHosts, `${known.join('\n')}\n`);
  } catch (err) {
    await lab.stop();
    throw err;
  }
  return lab;
}
