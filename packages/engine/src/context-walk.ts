import ignore from '@balena/dockerignore';
import type { Stats } from 'node:fs';
import { promises as fs } from 'node:fs';
import { join, posix } from 'node:path';

/** One context entry in tar order: its name inside the tar, its path on disk, its lstat. */
export interface WalkEntry {
  name: string;
  abs: string;
  st: Stats;
}

/** Parsed `.dockerignore` with the docker CLI's rules (root-anchored, `!` exceptions). */
export interface IgnoreRules {
  ignores(name: string): boolean;
  hasExceptions: boolean;
}

/** lstat calls in flight at once within one directory (libuv's pool has 4 threads). */
const STAT_WINDOW = 32;

export async function loadIgnore(contextDir: string): Promise<IgnoreRules | undefined> {
  let text: string;
  try {
    text = await fs.readFile(join(contextDir, '.dockerignore'), 'utf8');
  } catch {
    return undefined;
  }
  return parseIgnore(text);
}

/** `.dockerignore` text as rules, or undefined when it has no patterns. */
export function parseIgnore(text: string): IgnoreRules | undefined {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() && !l.trim().startsWith('#'));
  if (lines.length === 0) return undefined;
  const matcher = ignore({ ignorecase: false }).add(lines);
  return {
    ignores: (name) => matcher.ignores(name),
    hasExceptions: lines.some((l) => l.trim().startsWith('!')),
  };
}

export interface WalkOptions {
  rules?: IgnoreRules;
  /** Names always sent even when `.dockerignore` lists them (Dockerfile, `.dockerignore`). */
  alwaysSent: Set<string>;
  dockerfileName: string;
  signal?: AbortSignal;
}

/**
 * Depth-first walk of `root` in sorted order, placing its entries at `prefix` inside the tar.
 * Holds only the pending directory names (never the whole file list); the entries of one
 * directory are lstat'ed a window at a time, concurrently, and yielded in order.
 */
export async function* walkContext(
  root: string,
  prefix: string,
  options: WalkOptions,
): AsyncGenerator<WalkEntry> {
  const { rules, alwaysSent, dockerfileName } = options;
  const ignored = (name: string, isDir: boolean) => {
    if (!rules || alwaysSent.has(name)) return false;
    if (!rules.ignores(name)) return false;
    // An ignored directory may still hold re-included (`!`) files or the Dockerfile: walk it,
    // filter its files.
    return !(isDir && (rules.hasExceptions || dockerfileName.startsWith(`${name}/`)));
  };
  const pending: string[] = [''];
  while (pending.length > 0) {
    if (options.signal?.aborted) throw new Error('build context upload aborted');
    const relDir = pending.pop() as string;
    const names = (await fs.readdir(join(root, relDir))).sort((a, b) => (a < b ? -1 : 1));
    const subdirs: string[] = [];
    for (let start = 0; start < names.length; start += STAT_WINDOW) {
      const window = names.slice(start, start + STAT_WINDOW).map((entry) => {
        const rel = relDir ? posix.join(relDir, entry) : entry;
        return { rel, name: prefix ? posix.join(prefix, rel) : rel, abs: join(root, rel) };
      });
      const stats = await Promise.all(window.map((e) => fs.lstat(e.abs)));
      for (let i = 0; i < window.length; i++) {
        const { rel, name, abs } = window[i];
        const st = stats[i];
        const isDir = st.isDirectory();
        if (ignored(name, isDir)) continue;
        if (isDir) {
          subdirs.push(rel);
          // A directory walked only for its re-included files gets no entry of its own.
          if (rules?.ignores(name)) continue;
        }
        yield { name, abs, st };
      }
    }
    pending.push(...subdirs.reverse());
  }
}
