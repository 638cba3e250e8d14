import { connect } from 'node:net';
import type { Vars } from '@zuul-ts/role-kit';

/** How a host of the inventory is reached, from its Ansible connection variables. */
export type HostConnection =
  | { kind: 'local' }
  | { kind: 'ssh'; address: string; port: number }
  | { kind: 'other'; connection: string };

export function hostConnection(name: string, vars: Vars): HostConnection {
  const connection = typeof vars.ansible_connection === 'string' ? vars.ansible_connection : '';
  if (connection === 'local') return { kind: 'local' };
  if (connection && connection !== 'ssh') return { kind: 'other', connection };
  const address = typeof vars.ansible_host === 'string' ? vars.ansible_host : name;
  // Ansible runs `localhost` without a connection setting locally (implicit localhost).
  if (!connection && name === 'localhost' && vars.ansible_host === undefined)
    return { kind: 'local' };
  return { kind: 'ssh', address, port: Number(vars.ansible_port ?? 22) };
}

/**
 * Whether an SSH server answers at address:port: a TCP connection and the `SSH-` banner
 * within `timeoutMs`. Resolves with the reason it did not, like Ansible's UNREACHABLE message.
 */
export function probeSsh(
  address: string,
  port: number,
  timeoutMs: number,
): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port });
    let settled = false;
    const done = (reason?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(reason);
    };
    const timer = setTimeout(
      () =>
        done(
          `Failed to connect to the host via ssh: connect to host ${address} port ${port}: Connection timed out`,
        ),
      timeoutMs,
    );
    let banner = '';
    socket.on('data', (d) => {
      banner += String(d);
      if (banner.startsWith('SSH-')) done();
      else if (banner.length >= 4)
        done(
          `Failed to connect to the host via ssh: ${address} port ${port} did not answer as an SSH server`,
        );
    });
    socket.on('error', (err) =>
      done(
        `Failed to connect to the host via ssh: connect to host ${address} port ${port}: ${err.message}`,
      ),
    );
    socket.on('close', () =>
      done(`Failed to connect to the host via ssh: Connection closed by ${address} port ${port}`),
    );
  });
}
