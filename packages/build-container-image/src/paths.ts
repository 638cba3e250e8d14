import { existsSync, realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Vars } from '@zuul-ts/role-kit';
import { InputError } from '@zuul-ts/role-kit';

/** Home of the node user (`ansible_user_dir`), where relative `zuul_work_dir`s live. */
export function userDir(vars: Vars): string {
  return typeof vars.ansible_user_dir === 'string' ? vars.ansible_user_dir : homedir();
}

/**
 * The source root: the folder that holds every checked-out project (`~/src` on a Zuul node).
 * Contexts, paths, container files and siblings must stay inside it.
 */
export function sourceRoot(vars: Vars): string {
  if (typeof vars.container_build_source_root === 'string')
    return resolve(userDir(vars), vars.container_build_source_root);
  return join(userDir(vars), 'src');
}

/**
 * `zuul_work_dir` (default `zuul.project.src_dir`) as an absolute path. zuul-jobs prefixes
 * `ansible_user_dir` unconditionally, which breaks absolute work dirs.
 */
export function workDir(vars: Vars): string {
  const zuul = (vars.zuul ?? {}) as { project?: { src_dir?: string } };
  const dir = (vars.zuul_work_dir as string | undefined) ?? zuul.project?.src_dir;
  if (!dir) throw new InputError('zuul_work_dir', 'is required (or zuul.project.src_dir)');
  return resolve(userDir(vars), dir);
}

function real(path: string): string {
  // Resolve symlinks of the longest existing prefix, so a symlink cannot lead outside.
  let probe = path;
  const rest: string[] = [];
  while (!existsSync(probe)) {
    const parent = resolve(probe, '..');
    if (parent === probe) return path;
    rest.unshift(relative(parent, probe));
    probe = parent;
  }
  return join(realpathSync(probe), ...rest);
}

/** True when `path` is `root` or below it, both lexically and after resolving symlinks. */
export function isInside(root: string, path: string): boolean {
  const check = (r: string, p: string) => {
    const rel = relative(r, p);
    return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
  };
  return check(root, path) && check(real(root), real(path));
}

/** Refuses a path that resolves outside the source root, naming the variable. */
export function requireInside(root: string, path: string, varPath: string): string {
  if (!isInside(root, path))
    throw new InputError(varPath, `resolves to ${path}, outside the source root ${root}`);
  return path;
}
