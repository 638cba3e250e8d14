import { randomBytes } from 'node:crypto';
import { tempDir, writeTree } from './build-contexts';

/**
 * A build context (fresh folder named `prefix…`) whose image is unique to it: FROM scratch,
 * /bin/busybox and a random /nonce, so every build yields a digest no other test shares.
 */
export function nonceImageContext(prefix = 'zuul-ts-nonce-'): string {
  const dir = tempDir(prefix);
  writeTree(dir, {
    busybox: '@busybox',
    nonce: randomBytes(8).toString('hex'),
    Dockerfile: 'FROM scratch\nCOPY busybox /bin/busybox\nCOPY nonce /nonce\n',
  });
  return dir;
}
