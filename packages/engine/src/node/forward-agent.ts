import { Agent } from 'node:http';
import type { Socket } from 'node:net';
import type { NodeConnection } from './connection';

/**
 * Opens the forward, again (three attempts) when sshd answers "open failed" while the
 * connection itself is fine: its connect() to a busy engine socket can fail transiently.
 */
async function openForward(conn: NodeConnection, socketPath: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await conn.forward(socketPath);
    } catch (err) {
      if (attempt >= 3 || conn.lost || !/open failed/.test((err as Error).message)) throw err;
    }
  }
}

/**
 * An HTTP agent whose connections are the node's engine socket, forwarded over the node's SSH
 * connection: dockerode talks to the node's engine as if it were local, with nothing but
 * sshd on the node in between (no docker CLI, no `dial-stdio`).
 */
export function forwardingAgent(conn: NodeConnection, socketPath: string): Agent {
  const agent = new Agent({ keepAlive: false });
  (
    agent as unknown as {
      createConnection: (o: unknown, cb: (err: Error | null, s?: Socket) => void) => void;
    }
  ).createConnection = (_options, cb) => {
    openForward(conn, socketPath).then(
      (stream) => {
        // http expects socket-ish methods on the stream it is given.
        const s = stream as unknown as Socket;
        s.setTimeout ??= () => s;
        s.setNoDelay ??= () => s;
        s.setKeepAlive ??= () => s;
        s.ref ??= () => s;
        s.unref ??= () => s;
        cb(null, s);
      },
      (err: Error) => cb(err),
    );
  };
  return agent;
}
