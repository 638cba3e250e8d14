import { isAbsolute, join, relative, sep } from 'node:path';
import { InputError, RoleFailure } from '@zuul-ts/role-kit';
import { requireInside } from './paths';
import type { ImagePlan } from './plan';
import { localPaths } from './path-view';
import type { PathView } from './path-view';

export const SIBLINGS_DIR = '.zuul-siblings';

/**
 * zuul-jobs siblings.yaml / clean-siblings.yaml: fail when
 * `<context>/.zuul-siblings` exists (checked for every image), then make each sibling from the
 * source root appear at `<context>/.zuul-siblings/<name>` in the build context.
 *
 * zuul-jobs copies them into the checkout (`cp --parents -r`) and deletes the folder after a
 * successful build only. zuul-ts streams them into the context tar instead: nothing is written
 * to the checkout, so nothing is left behind on failure and two builds sharing a context — in
 * one run or in two processes — cannot collide. As in zuul-jobs, the folder is only part of the
 * build context when `path` resolves to `context` or one of its parents.
 */
export function siblingOverlays(
  plan: ImagePlan,
  sourceRoot: string,
  paths: PathView = localPaths,
): { dir: string; prefix: string }[] {
  const onDisk = join(plan.contextDir, SIBLINGS_DIR);
  if (paths.exists(onDisk)) {
    throw new RoleFailure(
      `${plan.varPath}: ${onDisk} already exists; refusing to overwrite it with siblings`,
    );
  }
  const siblings = plan.siblings ?? [];
  const dirs = siblings.map((sibling, i) => {
    const src = requireInside(
      sourceRoot,
      join(sourceRoot, sibling),
      `${plan.varPath}.siblings[${i}]`,
      paths,
    );
    if (!paths.exists(src)) {
      throw new InputError(
        `${plan.varPath}.siblings[${i}]`,
        `${sibling} is not checked out in ${sourceRoot} (add it to required-projects)`,
      );
    }
    return { sibling, src };
  });
  const rel = relative(plan.buildRoot, plan.contextDir);
  if (rel.startsWith('..') || isAbsolute(rel)) return [];
  const base = [...(rel ? rel.split(sep) : []), SIBLINGS_DIR].join('/');
  return dirs.map(({ sibling, src }) => ({ dir: src, prefix: `${base}/${sibling}` }));
}
