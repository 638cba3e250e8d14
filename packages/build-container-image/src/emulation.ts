import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parsePlatform } from '@zuul-ts/registry';
import { hostPlatform } from './multiarch';

const QEMU_NAMES: Record<string, string> = {
  amd64: 'x86_64',
  arm64: 'aarch64',
  arm: 'arm',
  ppc64le: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
  '386': 'i386',
};

/**
 * Foreign platforms with no qemu binfmt handler registered on this machine. zuul-jobs' docker
 * path registered qemu-user-static (a privileged container) before every multi-arch build;
 * zuul-ts does not run privileged containers, so RUN steps for these platforms fail with
 * "exec format error" unless the node has binfmt handlers (the role warns, naming them).
 */
export function platformsWithoutEmulation(
  platforms: string[],
  binfmtDir = '/proc/sys/fs/binfmt_misc',
  nodeArch: string = process.arch,
): string[] {
  if (platforms.length === 0) return [];
  const host = parsePlatform(hostPlatform(platforms, nodeArch)).architecture;
  return platforms.filter((p) => {
    const arch = parsePlatform(p).architecture;
    if (arch === host) return false;
    const qemu = QEMU_NAMES[arch] ?? arch;
    return !existsSync(join(binfmtDir, `qemu-${qemu}`));
  });
}
