import type { FreezeContext } from '../freeze/types';
import { allBranches, changedFiles, containingBranches, tagRev } from './git-item';

/** What identifies the item a job is frozen for, as the CLI and the pipeline runner get it. */
export interface ItemFacts {
  project: string;
  pipeline: string;
  /** The project checkout (a git checkout supplies branches and files). */
  projectDir: string;
  branch?: string;
  tag?: string;
  /** Tag items: the branches containing the tagged commit (default: from the checkout's git). */
  containingBranches?: string[];
  /** Change/branch items: the files changed (default: the checkout's HEAD vs its parent). */
  files?: string[];
}

/**
 * The freeze context of an item: change and branch items match branch matchers with their
 * branch (default `main`) and file matchers with the changed files; a tag item has no branch,
 * so branch matchers see its ref and the branches containing its commit, and it has no files.
 */
export function freezeContextFor(item: ItemFacts): FreezeContext {
  const dir = item.projectDir;
  const known = allBranches(dir);
  const projectBranches = known.length > 0 ? known : undefined;
  if (item.tag !== undefined) {
    return {
      project: item.project,
      pipeline: item.pipeline,
      ref: `refs/tags/${item.tag}`,
      containingBranches: item.containingBranches ?? containingBranches(dir, tagRev(dir, item.tag)),
      projectBranches,
    };
  }
  return {
    project: item.project,
    pipeline: item.pipeline,
    branch: item.branch ?? 'main',
    files: item.files ?? changedFiles(dir),
    projectBranches,
  };
}
