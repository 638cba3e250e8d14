import { regexMatches } from '../config/matchers';
import type { FreezeContext, FrozenJob } from './types';

/** Gerrit's pseudo-file for the commit message; never counts as a changed file. */
const COMMIT_MSG = '/COMMIT_MSG';

/**
 * Job.changeMatchesFiles (zuul/model.py, change_matcher.py MatchAnyFiles / MatchAllFiles):
 * with `files`, some changed file must match one of them; with `irrelevant-files`, the job is
 * not run when every changed file matches one of them. No known files (or none but the commit
 * message): `files` matches and `irrelevant-files` does not.
 */
export function changeMatchesFiles(job: FrozenJob, files: string[] | undefined): boolean {
  const changed = files?.filter((f) => f !== COMMIT_MSG);
  if (!changed || changed.length === 0) return true;
  if (job.files.length > 0 && !changed.some((f) => job.files.some((r) => regexMatches(r, f))))
    return false;
  if (
    job.irrelevantFiles.length > 0 &&
    changed.every((f) => job.irrelevantFiles.some((r) => regexMatches(r, f)))
  )
    return false;
  return true;
}

/**
 * Whether the job runs for the change as far as files go: its file matchers match, or (with
 * `match-on-config-updates`, the default) the change edits a config file one of the job's
 * variants was loaded from.
 */
export function jobMatchesChange(job: FrozenJob, ctx: FreezeContext): boolean {
  if (changeMatchesFiles(job, ctx.files)) return true;
  if (!job.matchOnConfigUpdates) return false;
  return (ctx.files ?? []).some((f) => job.configFiles.includes(`${ctx.project}\0${f}`));
}
