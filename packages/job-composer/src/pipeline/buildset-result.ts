import type { PipelineJobOutcome, PipelineRunResult } from './types';

/**
 * The buildset's reported result (zuul/manager `_reportItem`, QueueItem.didAllJobsSucceed):
 * no job at all is NO_JOBS; a voting job with a result other than SUCCESS or SKIPPED fails it
 * (non-voting jobs never do); a buildset whose every job was skipped fails too.
 */
export function buildsetResult(jobs: PipelineJobOutcome[]): PipelineRunResult['result'] {
  if (jobs.length === 0) return 'NO_JOBS';
  if (jobs.some((j) => j.voting && j.result !== 'SUCCESS' && j.result !== 'SKIPPED'))
    return 'FAILURE';
  if (jobs.every((j) => j.result === 'SKIPPED')) return 'FAILURE';
  return 'SUCCESS';
}
