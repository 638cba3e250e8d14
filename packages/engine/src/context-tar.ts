import { createReadStream, promises as fs } from 'node:fs';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream';
import { pack as tarPack } from 'tar-stream';
import type { Headers, Pack } from 'tar-stream';
import { coalesce } from './coalesce';
import { loadIgnore, walkContext } from './context-walk';
import type { WalkEntry, WalkOptions } from './context-walk';
import { readWhole } from './read-file';

export interface ContextTarOptions {
  /** Absolute build-context directory. */
  contextDir: string;
  /** Name of the Dockerfile inside the tar (always sent, even when .dockerignore lists it). */
  dockerfileName: string;
  /** A Dockerfile that lives outside the context: added to the tar under `dockerfileName`. */
  injectDockerfile?: string;
  /**
   * Folders from outside the context sent as if they were inside it at `prefix` (posix path):
   * siblings appear at `<context>/.zuul-siblings/<name>` without being copied to disk.
   */
  overlays?: ContextOverlay[];
  signal?: AbortSignal;
}

export interface ContextOverlay {
  dir: string;
  prefix: string;
}

/** Files up to this size are read whole, ahead of the tar position; larger ones are streamed. */
const SMALL_FILE = 256 * 1024;
/** Read-ahead bound: entries queued (their reads in flight) and bytes held by those reads. */
const AHEAD_ENTRIES = 16;
const AHEAD_BYTES = 4 * 1024 * 1024;

/**
 * The build context as a tar stream, produced lazily with backpressure, in walk order. Small
 * files are read whole with a bounded read-ahead (up to 16 files / 4 MB in flight), so the
 * libuv pool works on several files while the tar is written in order; large files are
 * streamed. Memory stays flat for any context size (bench: 200 MB / 20k files). Output is
 * joined into ~64 KB chunks for the upload. Honours `.dockerignore` like the docker CLI: `!`
 * exceptions work, and `.dockerignore` and the Dockerfile are always sent.
 */
export function contextTar(options: ContextTarOptions): Readable {
  const pack = tarPack();
  const out = coalesce();
  pipeline(pack, out, () => undefined);
  fill(pack, options, () => out.destroyed).then(
    () => pack.finalize(),
    (err: Error) => out.destroy(err),
  );
  return out;
}

type Header = Headers & { name: string };

/** An entry waiting for its turn in the tar, its content possibly being read already. */
interface Queued {
  header: Header;
  data?: Promise<Buffer>;
  stream?: string;
  bytes: number;
}

function addEntry(pack: Pack, header: Header, data?: Buffer | string): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: Error | null) => (err ? reject(err) : resolve());
    if (data === undefined || Buffer.isBuffer(data)) {
      if (data) pack.entry(header, data, done);
      else pack.entry(header, done);
      return;
    }
    const sink = pack.entry(header, done);
    const src = createReadStream(data, { highWaterMark: 256 * 1024 });
    src.on('error', reject);
    src.pipe(sink);
  });
}

const base = { uid: 0, gid: 0, uname: '', gname: '' };

function toQueued({ name, abs, st }: WalkEntry): Queued | undefined {
  const meta = { ...base, name, mode: st.mode & 0o7777, mtime: st.mtime };
  if (st.isDirectory()) return { header: { ...meta, type: 'directory' }, bytes: 0 };
  if (st.isSymbolicLink()) {
    const link = fs.readlink(abs);
    link.catch(() => undefined); // awaited in order; avoid an unhandled rejection meanwhile
    return { header: { ...meta, type: 'symlink' }, data: link.then(Buffer.from), bytes: 0 };
  }
  if (!st.isFile()) return undefined; // sockets, fifos, devices: not sent (as before)
  const header: Header = { ...meta, type: 'file', size: st.size };
  if (st.size > SMALL_FILE) return { header, stream: abs, bytes: 0 };
  const data = st.size === 0 ? Promise.resolve(Buffer.alloc(0)) : readWhole(abs, st.size);
  data.catch(() => undefined);
  return { header, data, bytes: st.size };
}

async function fill(pack: Pack, options: ContextTarOptions, closed: () => boolean): Promise<void> {
  const rules = await loadIgnore(options.contextDir);
  const walkOptions: WalkOptions = {
    rules,
    alwaysSent: new Set(['.dockerignore', options.dockerfileName]),
    dockerfileName: options.dockerfileName,
    signal: options.signal,
  };
  const queue: Queued[] = [];
  let queuedBytes = 0;
  const writeHead = async () => {
    // The consumer went away (build cancelled, upload failed): stop reading the context.
    if (closed()) throw new Error('build context upload aborted');
    const item = queue.shift() as Queued;
    queuedBytes -= item.bytes;
    const { header } = item;
    if (header.type === 'symlink') {
      await addEntry(pack, { ...header, linkname: (await item.data)?.toString() });
    } else if (item.stream) {
      await addEntry(pack, header, item.stream);
    } else {
      await addEntry(pack, header, item.data ? await item.data : undefined);
    }
  };
  const enqueue = async (item: Queued | undefined) => {
    if (!item) return;
    queue.push(item);
    queuedBytes += item.bytes;
    while (queue.length >= AHEAD_ENTRIES || queuedBytes > AHEAD_BYTES) await writeHead();
  };
  try {
    for await (const entry of walkContext(options.contextDir, '', walkOptions)) {
      await enqueue(toQueued(entry));
    }
    for (const overlay of options.overlays ?? []) {
      // The overlay's own folder and its parents, so `COPY .zuul-siblings …` finds them.
      const parts = overlay.prefix.split('/');
      for (let i = 1; i <= parts.length; i++) {
        const name = parts.slice(0, i).join('/');
        if (!rules?.ignores(name)) {
          const header: Header = { ...base, name, type: 'directory', mode: 0o755 };
          await enqueue({ header: { ...header, mtime: new Date() }, bytes: 0 });
        }
      }
      for await (const entry of walkContext(overlay.dir, overlay.prefix, walkOptions)) {
        await enqueue(toQueued(entry));
      }
    }
    while (queue.length > 0) await writeHead();
  } finally {
    // On failure, reads still in flight settle into the void (their rejections are handled).
    queue.length = 0;
  }
  if (options.injectDockerfile && !closed()) {
    const st = await fs.stat(options.injectDockerfile);
    const header: Header = {
      ...base,
      name: options.dockerfileName,
      type: 'file',
      size: st.size,
      mode: 0o644,
      mtime: st.mtime,
    };
    await addEntry(pack, header, options.injectDockerfile);
  }
}
