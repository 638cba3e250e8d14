import { UsageError } from './errors';
import type { CliIO } from './output';

/** Filled in once config/freeze land. */
export async function runJobCommand(argv: string[], io: CliIO): Promise<number> {
  void argv;
  void io;
  throw new UsageError('run-job is not available yet');
}
