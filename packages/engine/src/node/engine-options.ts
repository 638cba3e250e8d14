import type { DockerOptions } from 'dockerode';
import type { Agent } from 'node:http';
import type { EngineKind } from '../types';
import type { NodeConnection } from './connection';
import { nodeSocketPath, remoteUid } from './endpoint';
import { forwardingAgent } from './forward-agent';

/**
 * dockerode options that reach the node's engine socket through its SSH connection, and the
 * endpoint as reported (`ssh://user@host:port/path/to/engine.sock`).
 */
export async function nodeEngineOptions(
  conn: NodeConnection,
  kind: EngineKind,
  explicit?: string,
): Promise<{ endpoint: string; base: DockerOptions & { agent?: Agent } }> {
  const uid = explicit || kind === 'docker' ? 0 : await remoteUid(conn);
  const socket = nodeSocketPath(kind, uid, explicit);
  const { username, host, port } = conn.target;
  return {
    endpoint: `ssh://${username}@${host}:${port}${socket}`,
    // Plain HTTP over the forwarded socket; host and port only fill the request line.
    base: { protocol: 'http', host: 'localhost', port: 80, agent: forwardingAgent(conn, socket) },
  };
}
