/**
 * The package root: the curated API (see README.md). Running jobs, pipelines, playbooks and
 * roles; loading and freezing Zuul configuration; the `zuul` dict, inventories and results a
 * library caller needs around them. Each folder's whole API is a subpath of its own
 * (`@zuul-ts/job-composer/config`, `/freeze`, `/zuul`, `/inventory`, `/results`, `/pipeline`,
 * …); the role contract and templating are their own packages (`@zuul-ts/role-kit`,
 * `@zuul-ts/templating`).
 */
export * from './api';
export type { Vars, RoleDefinition } from '@zuul-ts/role-kit';
export {
  runPipeline,
  runGraph,
  pipelineState,
  type RunPipelineOptions,
  type PipelineRunResult,
} from './pipeline';
export {
  builtinJobsSource,
  emptyConfig,
  ConfigError,
  type ZuulConfig,
  type ConfigSource,
} from './config';
export {
  projectJobs,
  resolveSecretValues,
  FreezeError,
  type FrozenJob,
  type FreezeContext,
} from './freeze';
export { buildZuulDict, freezeContextFor, type PipelineContext, type ZuulDict } from './zuul';
export { makeInventory, prepareJobDir, readInventory, writeInventory } from './inventory';
export {
  mergeZuulReturn,
  readResults,
  collectArtifacts,
  parentResults,
  appendBuild,
  readBuilds,
  buildsQuery,
  startBuildsApiServer,
  ResultsError,
} from './results';
