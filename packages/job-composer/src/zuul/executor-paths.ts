import { hostname } from 'node:os';
import { join } from 'node:path';

/** Default executor `job_dir` (zuul.conf `[executor] job_dir`). */
export const DEFAULT_JOB_ROOT = '/var/lib/zuul/builds';

/** `zuul.executor`: absolute executor paths of one build. */
export function executorPaths(jobDir: string, executorHostname?: string) {
  const work = join(jobDir, 'work');
  return {
    hostname: executorHostname ?? hostname(),
    src_root: join(work, 'src'),
    log_root: join(work, 'logs'),
    work_root: work,
    result_data_file: join(work, 'results.json'),
    inventory_file: join(jobDir, 'ansible', 'inventory.yaml'),
  };
}
