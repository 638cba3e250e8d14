import type { Client, ClientChannel, SFTPWrapper } from 'ssh2';
import type { Duplex, Readable } from 'node:stream';
import { knownHostKey } from './known-hosts';
import type { SshTarget } from './target';
import { NodeUnreachableError } from './unreachable';

/** Loaded on first use: only jobs with remote nodes pay for the SSH library. */
function loadSsh2(): typeof import('ssh2') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('ssh2') as typeof import('ssh2');
}

/** Single-quotes a word for the node's POSIX shell. */
export function shellQuote(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export interface ExecResult {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

/**
 * One SSH connection to a node (ssh2), authenticated by the executor's ssh-agent
 * (`SSH_AUTH_SOCK`) as Zuul's executor does, the host key checked against known_hosts unless
 * checking is turned off. Carries the engine socket forward, commands and SFTP. A connection
 * that drops while in use makes every later failure an unreachable-node error.
 */
export class NodeConnection {
  private closing = false;
  private lostReason?: string;
  private sftpSession?: Promise<SFTPWrapper>;

  private constructor(
    readonly target: SshTarget,
    private readonly client: Client,
  ) {
    client.on('error', (err: Error) => {
      if (!this.closing) this.lostReason ??= err.message;
    });
    client.on('close', () => {
      if (!this.closing) this.lostReason ??= 'connection closed by the node';
    });
  }

  static connect(target: SshTarget, env: NodeJS.ProcessEnv = process.env): Promise<NodeConnection> {
    const { Client } = loadSsh2();
    const client = new Client();
    const where = `ssh://${target.username}@${target.host}:${target.port}`;
    return new Promise((resolve, reject) => {
      let hostKeyRefused = false;
      const fail = (err: Error) => {
        client.removeAllListeners('ready');
        client.end();
        const why = hostKeyRefused ? 'host key verification failed' : err.message;
        reject(
          new NodeUnreachableError(target.name, `cannot connect to ${where}: ${why}`, {
            cause: err,
          }),
        );
      };
      client.once('error', fail);
      client.once('ready', () => {
        client.removeListener('error', fail);
        resolve(new NodeConnection(target, client));
      });
      client.connect({
        host: target.host,
        port: target.port,
        username: target.username,
        agent: env.SSH_AUTH_SOCK,
        readyTimeout: 30000,
        keepaliveInterval: 15000,
        keepaliveCountMax: 4,
        hostVerifier: (key: Buffer) => {
          if (!target.checkHostKey) return true;
          const ok = knownHostKey(target.knownHosts, target.host, target.port, key);
          hostKeyRefused = !ok;
          return ok;
        },
      });
    });
  }

  /**
   * Why the connection dropped while in use, if it did. A channel can fail before the client
   * reports its own close: the transport socket being gone counts too.
   */
  get lost(): string | undefined {
    if (this.lostReason || this.closing) return this.lostReason;
    const sock = (this.client as unknown as { _sock?: { destroyed?: boolean } })._sock;
    if (sock?.destroyed) this.lostReason = 'connection closed';
    return this.lostReason;
  }

  /** `err` as an unreachable-node error when the connection dropped, else unchanged. */
  classify(err: unknown): unknown {
    if (!this.lost || (err as Error)?.name === 'NodeUnreachableError') return err;
    const detail = err instanceof Error ? err.message : String(err);
    return new NodeUnreachableError(
      this.target.name,
      `connection lost (${this.lostReason}) during: ${detail}`,
      { cause: err },
    );
  }

  private channel<T>(open: (cb: (err: Error | undefined, ch: T) => void) => void): Promise<T> {
    return new Promise((resolve, reject) => {
      if (this.lostReason) return reject(this.classify(new Error('the node connection is closed')));
      open((err, ch) => (err ? reject(this.classify(err)) : resolve(ch)));
    });
  }

  /** A stream to a unix socket on the node (OpenSSH `direct-streamlocal`). */
  forward(socketPath: string): Promise<Duplex> {
    return this.channel<Duplex>((cb) =>
      this.client.openssh_forwardOutStreamLocal(socketPath, (err, ch) => cb(err, ch)),
    );
  }

  /**
   * Runs a command and collects its output. Resolves once the channel both reported its exit
   * and closed: under load, ssh2 can deliver `close` before `exit` for a short command, and a
   * caller that stopped at the first of them would miss the exit status.
   */
  async exec(command: string): Promise<ExecResult> {
    const ch = await this.channel<ClientChannel>((cb) => this.client.exec(command, cb));
    return new Promise((resolve, reject) => {
      const out: Buffer[] = [];
      let err = '';
      let code: number | null | undefined;
      let closed = false;
      let ended = false;
      const settle = () => {
        if (!closed || !ended) return;
        const exit = (ch as unknown as { _exit?: { code?: number | null } })._exit;
        if (code === undefined) code = exit?.code;
        if (code === undefined && this.lostReason)
          return reject(this.classify(new Error(`${command}: no exit status`)));
        resolve({ code: code ?? null, stdout: Buffer.concat(out), stderr: err });
      };
      ch.on('data', (d: Buffer) => out.push(d));
      ch.stderr.on('data', (d: Buffer) => (err += d.toString()));
      ch.on('exit', (c: number | null) => (code = c));
      ch.on('end', () => {
        ended = true;
        settle();
      });
      ch.on('close', () => {
        closed = true;
        ended = true;
        settle();
      });
      ch.on('error', (e: Error) => reject(this.classify(e)));
    });
  }

  /**
   * A command's stdout as a stream (e.g. `tar c`): errors when the command exits non-zero
   * (its stderr in the message) or the connection drops.
   */
  async execStream(command: string, what: string): Promise<Readable> {
    const ch = await this.channel<ClientChannel>((cb) => this.client.exec(command, cb));
    let stderr = '';
    const fail = (err: Error) => (ch as unknown as Readable).destroy(err);
    ch.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const check = (c: number | null | undefined) => {
      if (c !== 0 && c !== undefined)
        fail(new Error(`${what} failed on ${this.target.name} (exit ${c}): ${stderr.trim()}`));
    };
    ch.on('exit', check);
    ch.on('close', () => {
      if (this.lostReason) fail(this.classify(new Error(`${what} interrupted`)) as Error);
    });
    return ch;
  }

  /** The connection's SFTP session, opened once. */
  sftp(): Promise<SFTPWrapper> {
    this.sftpSession ??= this.channel<SFTPWrapper>((cb) => this.client.sftp(cb));
    return this.sftpSession;
  }

  close(): void {
    this.closing = true;
    this.client.end();
  }
}
