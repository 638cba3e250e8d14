import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The node an error says could not be reached (a `NodeUnreachableError` from the engine
 * package, anywhere in the `cause` chain), or undefined for an ordinary failure.
 */
export function unreachableHost(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && depth < 8; depth++) {
    if (e instanceof Error && e.name === 'NodeUnreachableError')
      return (e as Error & { node?: string }).node;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * `<job dir>/.ansible/nodes.unreachable`, the file Zuul's `zuul_unreachable` callback appends
 * unreachable hosts to and the executor reads after each playbook
 * (https://opendev.org/zuul/zuul/src/branch/master/zuul/ansible/base/callback/zuul_unreachable.py).
 */
export function unreachableFileFor(jobDir: string | undefined): string | undefined {
  return jobDir ? join(jobDir, '.ansible', 'nodes.unreachable') : undefined;
}

/** Appends a host once, as the callback does. */
export function recordUnreachable(file: string | undefined, host: string): void {
  if (!file) return;
  mkdirSync(dirname(file), { recursive: true });
  let listed: string[] = [];
  try {
    listed = readFileSync(file, 'utf8').split('\n');
  } catch {
    // not written yet
  }
  if (!listed.includes(host)) appendFileSync(file, `${host}\n`);
}
