import { resolve } from 'node:path';
import type { ConfigSource } from './load';

/** The repository's own `jobs/` folder (zuul-jobs job names and the playbook stubs they run). */
export const BUILTIN_JOBS_DIR = resolve(__dirname, '../../../../jobs');

/**
 * zuul-ts's own job definitions, always loaded first. Marked as a config-project so its `base`
 * job may use `parent: null` (in a real tenant the base job comes from the config project).
 */
export function builtinJobsSource(): ConfigSource {
  return {
    path: resolve(BUILTIN_JOBS_DIR, 'zuul.d'),
    project: 'zuul-ts/jobs',
    root: BUILTIN_JOBS_DIR,
    trusted: true,
  };
}
