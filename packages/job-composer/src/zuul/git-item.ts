import { execFileSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Runs git in `dir`; undefined when git fails (unknown revision) or when `dir` is not the top
 * of a checkout (a folder inside another repository is not the project's checkout).
 */
function git(dir: string, args: string[]): string | undefined {
  if (!isCheckoutTop(dir)) return undefined;
  return run(dir, args);
}

function isCheckoutTop(dir: string): boolean {
  // The top of a work tree always holds `.git` (a folder, or a file for worktrees and
  // submodules): without one, no git process is started (each costs a few ms of every run).
  if (!existsSync(join(dir, '.git'))) return false;
  const out = run(dir, ['rev-parse', '--show-toplevel'])?.trim();
  try {
    return out !== undefined && realpathSync(out) === realpathSync(dir);
  } catch {
    return false;
  }
}

function run(dir: string, args: string[]): string | undefined {
  try {
    return execFileSync('git', ['-C', dir, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch {
    return undefined;
  }
}

const lines = (out: string | undefined, sep = '\n') => (out ?? '').split(sep).filter(Boolean);

function branchNames(dir: string, filter: string[]): string[] {
  const out = git(dir, [
    'for-each-ref',
    '--format=%(refname)',
    ...filter,
    'refs/heads',
    'refs/remotes',
  ]);
  const names = lines(out).flatMap((ref) => {
    if (ref.startsWith('refs/heads/')) return [ref.slice('refs/heads/'.length)];
    const rest = ref.slice('refs/remotes/'.length).split('/').slice(1).join('/');
    return rest && rest !== 'HEAD' ? [rest] : [];
  });
  return [...new Set(names)].sort();
}

/**
 * The branches that contain `rev` (Zuul's `containing_branches` of a tag item): local branches
 * and remote-tracking branches (without the remote name), sorted, without duplicates.
 */
export function containingBranches(dir: string, rev = 'HEAD'): string[] {
  return branchNames(dir, [`--contains=${rev}`]);
}

/** Every local and remote-tracking branch name of the checkout. */
export function allBranches(dir: string): string[] {
  return branchNames(dir, []);
}

/**
 * The files a change touches (the merger's getFilesChanges): the commit against its first
 * parent, so a merge commit lists what it brings into the branch; a root commit lists every
 * file. Undefined when `dir` is not a git checkout.
 */
export function changedFiles(dir: string, rev = 'HEAD'): string[] | undefined {
  if (git(dir, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]) === undefined)
    return undefined;
  const parent = git(dir, ['rev-parse', '--verify', '--quiet', `${rev}^1`]);
  const out = parent
    ? git(dir, ['diff', '--name-only', '--no-renames', '-z', `${rev}^1`, rev])
    : git(dir, ['ls-tree', '-r', '--name-only', '-z', rev]);
  return lines(out, '\0');
}

/**
 * `zuul.newrev` of a tag item: what the tag ref points to (the tag object of an annotated tag,
 * as the ref-updated event carries it), else the checked-out commit. A new tag has no oldrev.
 */
export function tagNewrev(dir: string, tag: string): string | undefined {
  const sha = (r: string) => git(dir, ['rev-parse', '--verify', '--quiet', r])?.trim() || undefined;
  return sha(`refs/tags/${tag}`) ?? sha('HEAD^{commit}');
}

/** `refs/tags/<tag>` when the checkout has that tag, else `HEAD` (the tag's commit checked out). */
export function tagRev(dir: string, tag: string): string {
  return git(dir, ['rev-parse', '--verify', '--quiet', `refs/tags/${tag}^{commit}`])
    ? `refs/tags/${tag}^{commit}`
    : 'HEAD';
}
