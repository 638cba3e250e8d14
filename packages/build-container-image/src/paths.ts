import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Vars } from '@zuul-ts/role-kit';
import { InputError } from '@zuul-ts/role-kit';
import { localPaths } from './path-view';
import type { PathView } from './path-view';

/**
 * Home of the node user (`ansible_user_dir`), where relative `zuul_work_dir`s live; `home` is
 * the node user's home when the variable is not set.
 */
export function userDir(vars: Vars, home: string = homedir()): string {
  return typeof vars.ansible_user_dir === 'string' ? vars.ansible_user_dir : home;
}

/**
 * The source root: the folder that holds every checked-out project (`~/src` on a Zuul node).
 * Contexts, paths, container files and siblings must stay inside it.
 */
export function sourceRoot(vars: Vars, home?: string): string {
  if (typeof vars.container_build_source_root === 'string')
    return resolve(userDir(vars, home), vars.container_build_source_root);
  return join(userDir(vars, home), 'src');
}

/**
 * `zuul_work_dir` (default `zuul.project.src_dir`) as an absolute path. zuul-jobs prefixes
 * `ansible_user_dir` unconditionally, which breaks absolute work dirs.
 */
export function workDir(vars: Vars, home?: string): string {
  const zuul = (vars.zuul ?? {}) as { project?: { src_dir?: string } };
  const dir = (vars.zuul_work_dir as string | undefined) ?? zuul.project?.src_dir;
  if (!dir) throw new InputError('zuul_work_dir', 'is required (or zuul.project.src_dir)');
  return resolve(userDir(vars, home), dir);
}

/** True when `path` is `root` or below it, both lexically and after resolving symlinks. */
export function isInside(root: string, path: string, paths: PathView = localPaths): boolean {
  const check = (r: string, p: string) => {
    const rel = relative(r, p);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  };
  // Symlinks resolved too (of the longest existing prefix), so a symlink cannot lead outside.
  return check(root, path) && check(paths.real(root), paths.real(path));
}

/** Refuses a path that resolves outside the source root, naming the variable. */
export function requireInside(
  root: string,
  path: string,
  varPath: string,
  paths: PathView = localPaths,
): string {
  if (!isInside(root, path, paths))
    throw new InputError(varPath, `resolves to ${path}, outside the source root ${root}`);
  return path;
}
