export * from './types';
export { FreezeError } from './errors';
export { freezeJob, mergeCleanup, resolveNodeset } from './freeze';
export {
  projectJobs,
  projectJobGraph,
  childJobs,
  ancestorJobs,
  type ProjectJobNode,
} from './project-jobs';
export { deepMerge } from './deep-merge';
export { collectVariants, variantMatches, jobRepr } from './variants';
export { projectVars } from './project-vars';
export { resolveSecretValues } from './secret-values';
export { loadIncludeVars, type IncludeVarsDirs } from './include-vars';
