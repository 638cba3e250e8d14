import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The commit a checkout's HEAD points at, read from `<dir>/.git` without running git
 * (loose ref, then packed-refs; a `.git` file pointing elsewhere, as in worktrees, is followed).
 * Undefined when `dir` is not the top of a git checkout.
 */
export function gitHead(dir: string): string | undefined {
  try {
    let gitDir = join(dir, '.git');
    if (!existsSync(gitDir)) return undefined;
    if (statSync(gitDir).isFile()) {
      const m = /^gitdir:\s*(.+)$/m.exec(readFileSync(gitDir, 'utf8'));
      if (!m) return undefined;
      gitDir = resolve(dir, m[1].trim());
    }
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    if (/^[0-9a-f]{40,64}$/.test(head)) return head;
    const ref = /^ref:\s*(\S+)$/.exec(head)?.[1];
    if (!ref) return undefined;
    // Worktrees keep branch refs in the common dir.
    const common = existsSync(join(gitDir, 'commondir'))
      ? resolve(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim())
      : gitDir;
    for (const base of [gitDir, common]) {
      const loose = join(base, ref);
      if (existsSync(loose)) return readFileSync(loose, 'utf8').trim();
      const packed = join(base, 'packed-refs');
      if (existsSync(packed)) {
        for (const line of readFileSync(packed, 'utf8').split('\n')) {
          const [sha, name] = line.trim().split(' ');
          if (name === ref && /^[0-9a-f]{40,64}$/.test(sha)) return sha;
        }
      }
    }
    return undefined;
  } catch {
    return undefined;
  }
}
