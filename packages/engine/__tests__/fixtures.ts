import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Unique lowercase suffix so parallel tests never share image names. */
export function uid(): string {
  return randomBytes(5).toString('hex');
}

/** A fresh temporary folder. */
export function tempDir(prefix = 'zuul-ts-engine-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Write files (path → content) under `root`, creating folders; `busybox` copies /bin/busybox. */
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

/**
 * Layer images a build committed, read from its progress lines (docker ` ---> <id>`, Buildah
 * `--> <id>`), newest first. A failed build leaves them dangling; tests remove the untagged ones.
 */
export function layerIds(lines: string[]): string[] {
  const ids = lines
    .map((l) => /-{2,3}>\s+([0-9a-f]{12})\s*$/.exec(l)?.[1])
    .filter((id): id is string => !!id);
  return [...new Set(ids)].reverse();
}
