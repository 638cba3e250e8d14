import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Build-context fixtures shared by the engine and build-role tests: temporary folders, file
 * trees with a static busybox, and a `FROM scratch` + busybox Dockerfile prelude (no base image
 * is ever pulled).
 */

/** Unique lowercase suffix so parallel tests never share image names. */
export function uid(): string {
  return randomBytes(5).toString('hex');
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'zuul-ts-engine-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Write files (path → content) under `root`, creating folders; `@busybox` copies /bin/busybox. */
export function writeTree(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    if (content === '@busybox') copyFileSync('/bin/busybox', target);
    else writeFileSync(target, content);
  }
}

/** Dockerfile prelude: a scratch image with busybox as /bin/sh so RUN works. */
export const BUSYBOX_PRELUDE = [
  'FROM scratch',
  'COPY busybox /bin/busybox',
  'RUN ["/bin/busybox", "mkdir", "-p", "/usr/bin", "/tmp"]',
  'RUN ["/bin/busybox", "--install", "-s", "/bin"]',
].join('\n');
