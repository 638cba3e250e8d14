import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { InputError, RoleFailure } from '@zuul-ts/job-composer';
import { requireInside } from './paths';

export const SIBLINGS_DIR = '.zuul-siblings';

/**
 * zuul-jobs siblings.yaml (container-roles.md §4.1.E): fail when `<context>/.zuul-siblings`
 * exists (checked for every image), then copy each sibling from the source root into
 * `.zuul-siblings/<name>` (`cp --parents -r`). Returns the folder to remove afterwards.
 */
export async function prepareSiblings(
  contextDir: string,
  siblings: string[] | undefined,
  sourceRoot: string,
  varPath: string,
): Promise<string | undefined> {
  const dir = join(contextDir, SIBLINGS_DIR);
  if (existsSync(dir)) {
    throw new RoleFailure(
      `${varPath}: ${dir} already exists; refusing to overwrite it with siblings`,
    );
  }
  if (siblings === undefined) return undefined;
  await fs.mkdir(dir, { mode: 0o755 });
  try {
    for (const [i, sibling] of siblings.entries()) {
      const src = requireInside(sourceRoot, join(sourceRoot, sibling), `${varPath}.siblings[${i}]`);
      if (!existsSync(src)) {
        throw new InputError(
          `${varPath}.siblings[${i}]`,
          `${sibling} is not checked out in ${sourceRoot} (add it to required-projects)`,
        );
      }
      await fs.cp(src, join(dir, sibling), { recursive: true, verbatimSymlinks: true });
    }
  } catch (err) {
    await cleanSiblings(dir);
    throw err;
  }
  return dir;
}

/** clean-siblings.yaml; zuul-ts also runs it when the build fails (zuul-jobs leaves it behind). */
export async function cleanSiblings(dir: string | undefined): Promise<void> {
  if (dir) await fs.rm(dir, { recursive: true, force: true });
}
