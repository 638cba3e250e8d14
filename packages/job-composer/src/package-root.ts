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

/**
 * Where roles/ and jobs/ are: the zuul-ts repository root, or, in a packed install (`npm pack`
 * of this package, as executors get it), this package's own root, which carries a copy of
 * roles/.
 */
export const REPOSITORY_ROOT = existsSync(join(PACKAGE_ROOT, 'roles'))
  ? PACKAGE_ROOT
  : findPackageRoot('zuul-ts');
