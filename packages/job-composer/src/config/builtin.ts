import { basename, join, resolve } from 'node:path';
import { REPOSITORY_ROOT } from '../package-root';
import type { ConfigSource } from './load';

/** The repository's own `jobs/` folder (zuul-jobs job names and the playbook stubs they run). */
export const BUILTIN_JOBS_DIR = join(REPOSITORY_ROOT, 'jobs');

/** Project name the built-in jobs belong to (upstream they live in zuul-jobs). */
export const BUILTIN_JOBS_PROJECT = 'zuul/zuul-jobs';

export interface BuiltinJobsOptions {
  /**
   * Treat the zuul-jobs container jobs as untrusted, as upstream tenants add zuul-jobs as an
   * untrusted project; only `base.yaml` then stands in for the config project. Default false:
   * the whole folder is loaded like a config project (trusted playbooks).
   */
  untrustedZuulJobs?: boolean;
}

/**
 * zuul-ts's own job definitions, always loaded first. `base.yaml` needs config-project trust
 * (only there may `parent: null` appear).
 */
export function builtinJobsSource(options: BuiltinJobsOptions = {}): ConfigSource {
  return {
    path: resolve(BUILTIN_JOBS_DIR, 'zuul.d'),
    project: BUILTIN_JOBS_PROJECT,
    root: BUILTIN_JOBS_DIR,
    trusted: options.untrustedZuulJobs ? (file) => basename(file) === 'base.yaml' : true,
  };
}
