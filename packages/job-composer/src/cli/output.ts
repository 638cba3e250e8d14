import { readFileSync } from 'node:fs';
import { Redactor, humanSink, jsonSink, type EventSink } from '../events';
import { writeFd } from './fd-write';
import type { OperationRecord } from '@zuul-ts/role-kit';

/** Where a command writes: stdout for results/plan/--json events, stderr for progress. */
export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  stdin: () => string;
  /** Aborts the run (SIGINT/SIGTERM for the real process): an ABORTED build. */
  signal?: AbortSignal;
}

export const processIO: CliIO = {
  stdout: (s) => writeFd(1, s),
  stderr: (s) => writeFd(2, s),
  stdin: () => readFileSync(0, 'utf8'),
};

export function sinkFor(json: boolean, redactor: Redactor, io: CliIO): EventSink {
  return json ? jsonSink(redactor, io.stdout) : humanSink(redactor, io.stderr);
}

/** `--dry-run` without `--json`: the plan on stdout, one operation per line, in order. */
export function printPlan(plan: OperationRecord[], redactor: Redactor, io: CliIO): void {
  for (const op of plan) {
    const detail =
      op.detail && Object.keys(op.detail).length ? ` ${JSON.stringify(op.detail)}` : '';
    const node = op.node ? ` on ${op.node}` : '';
    io.stdout(redactor.redact(`${op.kind} ${op.target}${node}${detail}\n`));
  }
}

/** Prints an error redacted, on stderr (or as a JSON event with --json). */
export function printError(err: unknown, redactor: Redactor, io: CliIO, json: boolean): void {
  const message = redactor.redact(err instanceof Error ? err.message : String(err));
  if (json)
    io.stdout(
      `${JSON.stringify({ kind: 'job', phase: 'log', name: 'error', time: new Date().toISOString(), error: message })}\n`,
    );
  io.stderr(`ERROR: ${message}\n`);
}
