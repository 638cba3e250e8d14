import { join } from 'node:path';
import type { FrozenJob } from '../freeze/types';
import { executorPaths, DEFAULT_JOB_ROOT } from './executor-paths';
import { changeUrl, itemRef, projectDict, projectSrcDir, refDict } from './item';
import { projectsDict } from './projects';
import type { PipelineContext, ZuulDict } from './types';
import { uuidHex } from './uuid';
import { gitHead } from './git-head';

/**
 * The `zuul` variable for a build (zuul/executor/common.py construct_build_params,
 * zuul_params_from_job, AnsibleJob.prepareVars). Strings where Zuul uses strings (change,
 * patchset); keys of other item types are absent, not null.
 */
export function buildZuulDict(frozen: FrozenJob, context: PipelineContext): ZuulDict {
  // A local checkout supplies the commit (commit_id, projects[*].commit) when none is given.
  const head =
    context.commitId === undefined && context.project.srcDir
      ? gitHead(context.project.srcDir)
      : undefined;
  const ctx: PipelineContext = head ? { ...context, commitId: head } : context;
  const build = ctx.build ?? uuidHex();
  const jobDir = ctx.jobDir ?? join(DEFAULT_JOB_ROOT, build);
  const item = refDict(ctx);
  const srcDir = projectSrcDir(ctx.project);
  const withSrc = (c: Omit<PipelineContext, 'pipeline'>) => {
    const r = refDict(c as PipelineContext);
    return { ...r, project: { ...(r.project as object), src_dir: projectSrcDir(c.project) } };
  };
  const topLevelSrc = (c: PipelineContext) => ({
    ...refDict(c),
    src_dir: projectSrcDir(c.project),
  });

  const zuul: Record<string, unknown> = {
    build,
    buildset: ctx.buildset ?? uuidHex(),
    ref: itemRef(ctx),
    pipeline: ctx.pipeline,
    post_review: ctx.postReview ?? frozen.pipelinePostReview ?? ctx.pipeline !== 'check',
    job: frozen.name,
    voting: frozen.voting,
    project: { ...projectDict(ctx.project), src_dir: srcDir },
    tenant: ctx.tenant ?? 'zuul-ts',
    event_id: ctx.eventId ?? null,
    jobtags: [...frozen.tags].sort(),
    timeout: frozen.timeout,
    pre_timeout: frozen.preTimeout,
    post_timeout: frozen.postTimeout,
    attempts: ctx.attempts ?? 1,
    max_attempts: frozen.attempts,
    child_jobs: ctx.childJobs ?? [],
    items: [...(ctx.itemsAhead ?? []).map(withSrc), withSrc(ctx)],
    buildset_refs: [topLevelSrc(ctx)],
    build_refs: [topLevelSrc(ctx)],
    projects: projectsDict(frozen, ctx),
    executor: executorPaths(jobDir, ctx.executorHostname),
    ansible_version: frozen.ansibleVersion,
    // Code lists only run-phase playbooks here.
    playbook_context: {
      playbook_projects: {},
      playbooks: frozen.run.map((p) => ({ path: p.path, roles: [] })),
    },
    resources: {},
    include_vars: frozen.includeVarsFrozen.map((iv) => ({ ...iv })),
    _inheritance_path: [...frozen.inheritancePath],
    change_url: changeUrl(ctx),
  };
  // Item-type keys (3.2), copied from the item's ref dict; plus the deprecated base64 `message`.
  for (const k of [
    'change',
    'patchset',
    'branch',
    'tag',
    'oldrev',
    'newrev',
    'commit_id',
    'change_message',
    'topic',
  ]) {
    if (item[k] !== undefined) zuul[k] = item[k];
  }
  if (typeof item.change_message === 'string')
    zuul.message = Buffer.from(item.change_message, 'utf8').toString('base64');
  if (frozen.overrideCheckout !== undefined) zuul.override_checkout = frozen.overrideCheckout;
  if (ctx.artifacts && ctx.artifacts.length > 0)
    zuul.artifacts = ctx.artifacts.map((a) => ({ ...a }));
  return zuul as ZuulDict;
}
