import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The nearest folder at or above `start` whose package.json has the name `name`. Files shipped
 * beside the code (the repository's roles/ and jobs/, this package's package.json) are found
 * this way rather than by a fixed number of `..`: the same code runs from src/ (tests), dist/
 * (compiled) and from the one-file CLI bundle, each at a different depth.
 */
export function findPackageRoot(name: string, start: string = __dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        if ((JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === name) return dir;
      } catch {
        // not JSON: keep walking
      }
    }
    if (dirname(dir) === dir) throw new Error(`no package.json named '${name}' above ${start}`);
  }
}

const PACKAGE_ROOT = findPackageRoot('@zuul-ts/job-composer');

/** The zuul-ts repository around this package, or undefined in a packed install. */
function repositoryRoot(): string | undefined {
  try {
    const root = findPackageRoot('zuul-ts', PACKAGE_ROOT);
    return existsSync(join(root, 'roles')) && existsSync(join(root, 'jobs')) ? root : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Where roles/ and jobs/ are: the zuul-ts repository root, or, in a packed install (`npm pack`
 * of this package, as executors get it), this package's own root, which carries copies of both.
 * Decided by the repository being there, not by a roles/ folder in the package: `npm pack`
 * puts one there for as long as it packs, and a run started meanwhile must still find the
 * repository's.
 */
export const REPOSITORY_ROOT = repositoryRoot() ?? PACKAGE_ROOT;
