import { posix } from 'node:path';
import type { Stats } from 'ssh2';
import type { NodeConnection } from './connection';

/** A file of the node, read over SFTP. */
export async function readNodeFile(conn: NodeConnection, path: string): Promise<Buffer> {
  const sftp = await conn.sftp();
  return new Promise((resolve, reject) =>
    sftp.readFile(path, (err: Error | undefined, data: Buffer) =>
      err
        ? reject(conn.classify(new Error(`${conn.target.name}:${path}: ${err.message}`)))
        : resolve(data),
    ),
  );
}

/** What a path is on the node: kind, and its real path (symlinks of existing parts resolved). */
export interface NodePathInfo {
  kind: 'dir' | 'file' | 'missing';
  real: string;
}

type Sftp = Awaited<ReturnType<NodeConnection['sftp']>>;

function call<T>(
  fn: (cb: (err: Error | undefined, value: T) => void) => void,
): Promise<T | undefined> {
  return new Promise((resolve) => fn((err, value) => resolve(err ? undefined : value)));
}

/** realpath of the longest existing prefix, the rest appended (as `realpath -m`). */
async function realPath(sftp: Sftp, path: string): Promise<string> {
  const rest: string[] = [];
  let probe = path;
  for (;;) {
    const real = await call<string>((cb) => sftp.realpath(probe, cb));
    if (real !== undefined) return posix.join(real, ...rest);
    const parent = posix.dirname(probe);
    if (parent === probe) return path;
    rest.unshift(posix.basename(probe));
    probe = parent;
  }
}

async function pathInfo(sftp: Sftp, path: string): Promise<NodePathInfo> {
  const [st, lst, real] = await Promise.all([
    call<Stats>((cb) => sftp.stat(path, cb)),
    call<Stats>((cb) => sftp.lstat(path, cb)),
    realPath(sftp, path),
  ]);
  const kind = st?.isDirectory() ? 'dir' : st || lst ? 'file' : 'missing';
  return { kind, real };
}

/**
 * Looks up paths on the node over SFTP (no process started there), all at once: whether each
 * exists and is a directory, and where it really leads. Also returns the SSH user's home.
 */
export async function probeNodePaths(
  conn: NodeConnection,
  paths: string[],
): Promise<{ home: string; paths: Map<string, NodePathInfo> }> {
  const sftp = await conn.sftp();
  const [home, infos] = await Promise.all([
    call<string>((cb) => sftp.realpath('.', cb)),
    Promise.all(paths.map((p) => pathInfo(sftp, p))),
  ]);
  if (home === undefined) throw conn.classify(new Error(`${conn.target.name}: no home directory`));
  return { home, paths: new Map(paths.map((p, i) => [p, infos[i]])) };
}
