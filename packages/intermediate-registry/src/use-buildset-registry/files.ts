import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Current content of `path`, or '' when it does not exist. */
export function readText(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

/**
 * Writes `content` only when it differs (idempotent runs change nothing, not even mtimes),
 * atomically (temp file + rename). Resolves to whether the file changed.
 */
export function writeIfChanged(path: string, content: string, mode = 0o644): boolean {
  if (readText(path) === content && existsSync(path)) return false;
  mkdirSync(dirname(path), { recursive: true, mode: 0o755 });
  const tmp = `${path}.zuul-ts-${process.pid}`;
  writeFileSync(tmp, content, { mode });
  try {
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    // A bind-mounted file (/etc/hosts in a container) cannot be replaced: write it in place,
    // as Ansible's lineinfile falls back to.
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EBUSY' && code !== 'EXDEV') throw e;
    writeFileSync(path, content);
  }
  return true;
}

/** Appends `line` to a hosts file unless an identical line is there (zuul-jobs' lineinfile regex). */
export function hostsWithLine(text: string, line: string): string {
  const lines = text.split('\n');
  if (lines.includes(line)) return text;
  const base = text === '' || text.endsWith('\n') ? text : `${text}\n`;
  return `${base}${line}\n`;
}
