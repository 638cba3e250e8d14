import type { NodeConnection } from './connection';
import { shellQuote } from './connection';

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

const PROBE = [
  `printf '%s\\0' "$HOME"`,
  'for p; do',
  '  if [ -d "$p" ]; then k=d; elif [ -e "$p" ] || [ -L "$p" ]; then k=f; else k=-; fi',
  '  r=$(realpath -m -- "$p" 2>/dev/null) || r=$p',
  `  printf '%s%s\\0' "$k" "$r"`,
  'done',
].join('\n');

/**
 * Looks up many paths on the node with one command (POSIX sh and coreutils `realpath`):
 * whether each exists and is a directory, and where it really leads. Also returns `$HOME`.
 */
export async function probeNodePaths(
  conn: NodeConnection,
  paths: string[],
): Promise<{ home: string; paths: Map<string, NodePathInfo> }> {
  const cmd = `sh -c ${shellQuote(PROBE)} sh ${paths.map(shellQuote).join(' ')}`;
  const r = await conn.exec(cmd);
  if (r.code !== 0)
    throw new Error(`looking up paths on ${conn.target.name} failed: ${r.stderr.trim()}`);
  const fields = r.stdout.toString('utf8').split('\0');
  const home = fields[0];
  const map = new Map<string, NodePathInfo>();
  paths.forEach((p, i) => {
    const f = fields[i + 1] ?? '-';
    const kind = f[0] === 'd' ? 'dir' : f[0] === 'f' ? 'file' : 'missing';
    map.set(p, { kind, real: f.slice(1) || p });
  });
  return { home, paths: map };
}
