import { NodeConnection } from './connection';
import { sshTarget } from './target';

/**
 * The SSH connection to the node a role acts on, or undefined when the host is the local
 * machine (see `sshTarget`). Fails with a NodeUnreachableError when the node cannot be reached.
 */
export async function openNode(
  hostName: string,
  hostVars: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
): Promise<NodeConnection | undefined> {
  const target = sshTarget(hostName, hostVars, env);
  return target ? NodeConnection.connect(target, env) : undefined;
}

/**
 * Runs `fn` with the host's node connection (undefined for the local machine), closed
 * afterwards; a failure after the connection dropped becomes a NodeUnreachableError.
 */
export async function withNode<T>(
  hostName: string,
  hostVars: Record<string, unknown>,
  fn: (node: NodeConnection | undefined) => Promise<T>,
): Promise<T> {
  const node = await openNode(hostName, hostVars);
  try {
    return await fn(node);
  } catch (err) {
    throw node ? node.classify(err) : err;
  } finally {
    node?.close();
  }
}
