export * from './types';
export { buildZuulDict } from './build-zuul-dict';
export { executorPaths, DEFAULT_JOB_ROOT } from './executor-paths';
export {
  itemType,
  itemRef,
  refDict,
  projectDict,
  projectSrcDir,
  changeUrl,
  gerritChangeRef,
  DEFAULT_CANONICAL_HOSTNAME,
} from './item';
export { resolveCheckout, projectsDict } from './projects';
export { uuidHex } from './uuid';
export { gitHead } from './git-head';
export { containingBranches, allBranches, changedFiles, tagNewrev } from './git-item';
export { freezeContextFor, type ItemFacts } from './freeze-context';
