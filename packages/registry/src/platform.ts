import type { Platform } from './types';

/**
 * OS/architecture pairs an OCI image can declare: the Go GOOS/GOARCH values registries and
 * engines accept (https://github.com/opencontainers/image-spec/blob/main/image-index.md).
 */
const KNOWN_OS = new Set(['linux', 'windows', 'freebsd', 'darwin']);
const KNOWN_ARCH = new Set([
  '386',
  'amd64',
  'arm',
  'arm64',
  'loong64',
  'mips',
  'mipsle',
  'mips64',
  'mips64le',
  'ppc64',
  'ppc64le',
  'riscv64',
  's390x',
  'wasm',
]);
const PLATFORM_RE = /^[a-z0-9]+\/[a-z0-9_]+(\/[a-z0-9]+)?$/;

/** Node's `process.arch` names that differ from OCI's. */
const NODE_TO_OCI_ARCH: Record<string, string> = {
  x64: 'amd64',
  ppc64: 'ppc64le',
};

/** `linux/arm64/v8` → `{os, architecture, variant}` (no validation; see `platformProblem`). */
export function parsePlatform(value: string): Platform {
  const [os, architecture, variant] = value.split('/');
  return variant ? { os, architecture, variant } : { os, architecture };
}

/** Why `value` is not an `os/arch[/variant]` platform of a known OS and architecture, or undefined. */
export function platformProblem(value: unknown): string | undefined {
  if (typeof value !== 'string' || !PLATFORM_RE.test(value))
    return `${JSON.stringify(value)} is not a platform (os/arch[/variant])`;
  const { os, architecture } = parsePlatform(value);
  if (!KNOWN_OS.has(os) || !KNOWN_ARCH.has(architecture))
    return `unknown platform ${JSON.stringify(value)}`;
  return undefined;
}

/** The OCI architecture of a Node.js `process.arch` value (`x64` → `amd64`). */
export function ociArchitecture(nodeArch: string = process.arch): string {
  return NODE_TO_OCI_ARCH[nodeArch] ?? nodeArch;
}

/** Does platform `p` have every field `want` sets? */
export function platformMatches(p: Platform | undefined, want: Partial<Platform>): boolean {
  if (!p) return false;
  return (
    (!want.os || p.os === want.os) &&
    (!want.architecture || p.architecture === want.architecture) &&
    (!want.variant || p.variant === want.variant)
  );
}
