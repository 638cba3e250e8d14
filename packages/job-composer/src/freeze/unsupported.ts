import type { Nodeset } from '../config/types';
import { FreezeError } from './errors';

/**
 * Job features whose Zuul behaviour depends on the queue or the node provider, which a local
 * run does not have. A job using one is refused when it would run (never run differently).
 */
export function refuseUnsupported(
  job: string,
  attrs: { requires: Set<string>; failureOutput: boolean; nodeset?: string | Nodeset },
  nodeset: Nodeset,
): void {
  if (attrs.requires.size > 0) {
    throw new FreezeError(
      `Job ${job} requires ${[...attrs.requires].sort().join(', ')}: zuul-ts has no queue of changes ahead to take those artifacts from (remove "requires" from the job, or run it under Zuul)`,
    );
  }
  if (attrs.failureOutput) {
    throw new FreezeError(
      `Job ${job} sets failure-output: zuul-ts does not watch the job output for early failure (remove "failure-output" from the job, or run it under Zuul)`,
    );
  }
  if (nodeset.alternatives && nodeset.alternatives.length > 0) {
    throw new FreezeError(
      `Job ${job} uses a nodeset with alternatives: zuul-ts has no node provider to try them in order (give the job one nodeset)`,
    );
  }
}
