import type { OperationRecord } from '@zuul-ts/role-kit';
import type { PipelineRunResult } from './types';

/** One line per job (result, build, why it failed or was skipped), plus its artifacts. */
export function formatJobTable(result: PipelineRunResult): string {
  const width = Math.max(3, ...result.jobs.map((j) => j.job.length));
  const lines = [`${'job'.padEnd(width)}  ${'result'.padEnd(12)}  build`];
  for (const j of result.jobs) {
    const why = j.error ? `  (${j.error.split('\n')[0]})` : '';
    lines.push(`${j.job.padEnd(width)}  ${j.result.padEnd(12)}  ${j.build ?? '-'}${why}`);
    for (const a of j.artifacts) lines.push(`${''.padEnd(width)}  artifact ${a.name} ${a.url}`);
  }
  lines.push(`${result.pipeline}: ${result.result}`);
  return `${lines.join('\n')}\n`;
}

/** The plan / operation list, one `kind target {detail}` line each (as run-job --dry-run). */
export function formatOperations(ops: OperationRecord[]): string {
  return ops
    .map((op) => {
      const detail =
        op.detail && Object.keys(op.detail).length ? ` ${JSON.stringify(op.detail)}` : '';
      return `${op.kind} ${op.target}${detail}\n`;
    })
    .join('');
}
