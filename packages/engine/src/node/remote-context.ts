import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { extract as tarExtract, pack as tarPack } from 'tar-stream';
import type { Headers, Pack } from 'tar-stream';
import type { ContextTarOptions } from '../context-tar';
import { parseIgnore } from '../context-walk';
import type { IgnoreRules } from '../context-walk';
import { shellQuote } from './connection';
import type { NodeConnection } from './connection';
import { readNodeFile } from './node-files';

type Keep = (name: string) => boolean;

/** Docker CLI rules: `.dockerignore` and the Dockerfile are always sent. */
function keeper(rules: IgnoreRules | undefined, alwaysSent: Set<string>): Keep {
  return (name) => !rules || alwaysSent.has(name) || !rules.ignores(name);
}

function entry(pack: Pack, header: Headers, data?: Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error | null) => (err ? reject(err) : resolve());
    if (!data) return void pack.entry(header, done);
    data.on('error', reject);
    data.pipe(pack.entry(header, done));
  });
}

/**
 * Copies the node's `tar c` of `dir` into `pack`, entries renamed under `prefix`, owners
 * cleared (as the docker CLI sends them) and ignored names dropped.
 */
async function copyTree(
  conn: NodeConnection,
  pack: Pack,
  dir: string,
  prefix: string,
  keep: Keep,
): Promise<void> {
  const source = await conn.execStream(
    `tar -C ${shellQuote(dir)} -cf - .`,
    `reading the build context ${dir}`,
  );
  const rename = (n: string) => {
    const rel = n.replace(/^\.\/?/, '').replace(/\/$/, '');
    return rel && prefix ? posix.join(prefix, rel) : rel || prefix;
  };
  const extract = tarExtract();
  await new Promise<void>((resolve, reject) => {
    const fail = (err: Error) => {
      source.destroy();
      extract.destroy();
      reject(err);
    };
    extract.on('entry', (header: Headers, stream: Readable, next: (e?: unknown) => void) => {
      const name = rename(header.name);
      if (!name || !keep(name)) {
        stream.on('end', () => next());
        stream.resume();
        return;
      }
      const out: Headers = { ...header, name, uid: 0, gid: 0, uname: '', gname: '' };
      if (header.type === 'link' && header.linkname) out.linkname = rename(header.linkname);
      const body = header.type === 'file' || header.type === 'contiguous-file' ? stream : undefined;
      if (!body) stream.resume();
      entry(pack, out, body).then(() => next(), fail);
    });
    extract.on('finish', resolve);
    extract.on('error', fail);
    source.on('error', fail);
    source.pipe(extract);
  });
}

/**
 * The build context of a node's directory as a tar stream: the node's own `tar` produces it
 * (nothing else needs to be installed there), it is filtered by the context's `.dockerignore`
 * here, sibling folders are added under their prefix and a Dockerfile from outside the
 * context is read over SFTP. Same options and result as the local `contextTar`.
 */
export function remoteContextTar(conn: NodeConnection, options: ContextTarOptions): Readable {
  const pack = tarPack();
  fill(conn, pack, options).then(
    () => pack.finalize(),
    (err: Error) => pack.destroy(err),
  );
  return pack;
}

async function fill(conn: NodeConnection, pack: Pack, options: ContextTarOptions): Promise<void> {
  const ignoreText = await readNodeFile(
    conn,
    posix.join(options.contextDir, '.dockerignore'),
  ).catch(() => undefined);
  const rules = ignoreText ? parseIgnore(ignoreText.toString('utf8')) : undefined;
  const keep = keeper(rules, new Set(['.dockerignore', options.dockerfileName]));
  await copyTree(conn, pack, options.contextDir, '', keep);
  for (const overlay of options.overlays ?? []) {
    const parts = overlay.prefix.split('/');
    for (let i = 1; i < parts.length; i++) {
      const name = parts.slice(0, i).join('/');
      if (keep(name))
        await entry(pack, {
          name,
          type: 'directory',
          mode: 0o755,
          mtime: new Date(),
          uid: 0,
          gid: 0,
        });
    }
    await copyTree(conn, pack, overlay.dir, overlay.prefix, keep);
  }
  if (options.injectDockerfile) {
    const data = await readNodeFile(conn, options.injectDockerfile);
    const name = options.dockerfileName;
    await new Promise<void>((resolve, reject) =>
      pack.entry(
        { name, type: 'file', size: data.length, mode: 0o644, mtime: new Date(), uid: 0, gid: 0 },
        data,
        (err) => (err ? reject(err) : resolve()),
      ),
    );
  }
}
