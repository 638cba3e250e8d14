import type { Nodeset, ZuulConfig } from '../config/types';
import { newAccumulator, type Accumulator } from './accumulator';
import { applyVariant } from './apply';
import { deepMerge } from './deep-merge';
import { FreezeError } from './errors';
import { projectPipelineEntries, projectStanzas, projectVars } from './project-vars';
import type { FreezeContext, FrozenJob, FrozenPlaybook } from './types';
import { refuseUnsupported } from './unsupported';
import { collectVariants, variantMatches } from './variants';

/**
 * Freezes `jobName` for an item of `context.project` in `context.pipeline` (zuul/model.py
 * `Layout.extendJobGraph` -> `collectJobVariants`, `setBase`, `applyVariant`, project vars,
 * project-pipeline variants, then the run-time checks).
 */
export function freezeJob(config: ZuulConfig, jobName: string, context: FreezeContext): FrozenJob {
  const entries = projectPipelineEntries(config, context.project, context.pipeline).filter(
    (e) => e.name === jobName && variantMatches(e, context),
  );
  // The project-pipeline entries' override-checkout picks which branch variants apply.
  let overrideCheckout: string | undefined;
  for (const e of entries)
    if (e.overrideCheckout !== undefined) overrideCheckout = e.overrideCheckout;
  const variants = collectVariants(config, jobName, context, overrideCheckout);
  const acc = newAccumulator(variants[0].name);
  variants.forEach((v, i) => applyVariant(acc, v, config, i === 0));

  acc.name = jobName;
  // Project vars go underneath the job's vars (job vars win) ...
  acc.vars = deepMerge(projectVars(config, context.project, context.pipeline), acc.vars);
  // ... then each matching project-pipeline entry applies as a variant, so its vars win. An
  // entry from a config project lets the job ignore allowed-projects (the admin attached it).
  let ignoreAllowedProjects = false;
  for (const entry of entries) {
    applyVariant(acc, entry, config, false);
    if (entry.source.trusted) ignoreAllowedProjects = true;
  }

  // Checked in Zuul's order (extendJobGraph); errors only for a job that would run.
  if (acc.abstract) throw new FreezeError(`Job ${jobName} is abstract and may not be directly run`);
  if (!ignoreAllowedProjects && acc.allowedProjects && !acc.allowedProjects.has(context.project)) {
    throw new FreezeError(`Project ${context.project} is not allowed to run job ${jobName}`);
  }
  if (acc.postReview && isPreReview(config, context.pipeline)) {
    throw new FreezeError(
      `Pre-review pipeline ${context.pipeline} does not allow post-review job ${jobName}`,
    );
  }
  if (acc.run.length === 0) throw new FreezeError(`Job ${jobName} does not specify a run playbook`);
  const frozen = finish(acc, config, context);
  refuseUnsupported(jobName, acc, frozen.nodeset);
  return frozen;
}

/**
 * A pipeline is pre-review unless its stanza says `post-review: true` (PipelineParser's
 * default); a pipeline without a stanza in the loaded config is pre-review too.
 */
function isPreReview(config: ZuulConfig, pipeline: string): boolean {
  return config.pipelines.get(pipeline)?.postReview !== true;
}

/**
 * Legacy cleanup-run playbooks become post-run playbooks inserted before the first post
 * playbook with a lower nesting level (zuul/model.py), flagged cleanup + ignore_result.
 */
export function mergeCleanup(post: FrozenPlaybook[], cleanup: FrozenPlaybook[]): FrozenPlaybook[] {
  const out = [...post];
  for (const c of cleanup) {
    const idx = out.findIndex((p) => p.phase !== 'cleanup-run' && p.nestingLevel < c.nestingLevel);
    if (idx === -1) out.push(c);
    else out.splice(idx, 0, c);
  }
  return out;
}

export function resolveNodeset(config: ZuulConfig, ns: string | Nodeset | undefined): Nodeset {
  if (ns === undefined) return { nodes: [], groups: [] };
  if (typeof ns === 'string') {
    const named = config.nodesets.get(ns);
    if (!named) throw new FreezeError(`The nodeset "${ns}" was not found.`);
    const { source: _source, ...rest } = named;
    return resolveNodeset(config, rest);
  }
  // Alternatives stay as they are (refused for a job that runs: see refuseUnsupported).
  return ns;
}

/** The connection every project comes from locally (Zuul names the source of each project). */
const DEFAULT_CONNECTION = 'gerrit';

/** A project's `default-branch` (its first project stanza setting one), else Zuul's `master`. */
function defaultBranchOf(config: ZuulConfig, project: string): string {
  for (const p of projectStanzas(config, project)) if (p.defaultBranch) return p.defaultBranch;
  return 'master';
}

function finish(acc: Accumulator, config: ZuulConfig, context: FreezeContext): FrozenJob {
  // Job.freezeJob: a pre-timeout above an inherited timeout is capped to it (a single stanza
  // setting both that way is a configuration error instead).
  if (acc.preTimeout && acc.timeout && acc.preTimeout > acc.timeout) acc.preTimeout = acc.timeout;
  const postRun = mergeCleanup(acc.postRun, acc.cleanupRun);
  const playbooks = [...acc.preRun, ...acc.run, ...postRun];
  const secretNames = [
    ...new Set(playbooks.flatMap((p) => Object.values(p.secrets).map((s) => s.secret))),
  ].sort();
  return {
    name: acc.name,
    project: context.project,
    pipeline: context.pipeline,
    branch: context.branch,
    inheritancePath: acc.inheritancePath,
    playbooks,
    preRun: acc.preRun,
    run: acc.run,
    postRun,
    vars: acc.vars,
    extraVars: acc.extraVars,
    hostVars: acc.hostVars,
    groupVars: acc.groupVars,
    includeVars: acc.includeVars,
    includeVarsFrozen: acc.includeVars.map((iv) => {
      const project = iv.zuulProject ? context.project : (iv.project ?? iv.definedIn);
      return {
        name: iv.name,
        connection: DEFAULT_CONNECTION,
        project,
        project_default_branch: defaultBranchOf(config, project),
        trusted: config.trustedProjects.has(project),
        required: iv.required,
        use_ref: iv.useRef,
      };
    }),
    nodeset: resolveNodeset(config, acc.nodeset),
    requiredProjects: [...acc.requiredProjects.values()],
    dependencies: acc.dependencies,
    provides: [...acc.provides].sort(),
    requires: [...acc.requires].sort(),
    tags: [...acc.tags].sort(),
    files: acc.files,
    irrelevantFiles: acc.irrelevantFiles,
    matchOnConfigUpdates: acc.matchOnConfigUpdates,
    configFiles: [...acc.configFiles],
    preTimeout: acc.preTimeout,
    timeout: acc.timeout,
    postTimeout: acc.postTimeout,
    attempts: acc.attempts,
    voting: acc.voting,
    abstract: acc.abstract,
    final: acc.final,
    protected: acc.protectedOrigin !== undefined,
    postReview: acc.postReview,
    pipelinePostReview: !isPreReview(config, context.pipeline),
    allowedProjects: acc.allowedProjects ? [...acc.allowedProjects].sort() : null,
    ansibleVersion: acc.ansibleVersion ?? context.defaultAnsibleVersion ?? '9',
    workspaceScheme: acc.workspaceScheme,
    workspaceCheckout: acc.workspaceCheckout,
    overrideCheckout: acc.overrideCheckout,
    overrideBranch: acc.overrideBranch,
    semaphores: [...acc.semaphores].sort(),
    roles: acc.roles,
    secretNames,
    description: acc.description,
  };
}
