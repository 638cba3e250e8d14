import type { FrozenJob } from '../freeze/types';
import { itemRef, itemType, projectDict, projectSrcDir } from './item';
import type { PipelineContext, ProjectInfo } from './types';

interface Checkout {
  checkout: string;
  checkout_description: string;
}

/**
 * The executor's `resolveBranch` (first match wins): project override-checkout > project
 * override-branch > job override-checkout > job override-branch > the item ref when it is a
 * branch/tag ref of the item's own project without a branch > item branch > default branch.
 */
export function resolveCheckout(
  frozen: Pick<FrozenJob, 'overrideCheckout' | 'overrideBranch' | 'requiredProjects'>,
  ctx: PipelineContext,
  project: ProjectInfo,
  isItemProject: boolean,
): Checkout {
  const rp = frozen.requiredProjects.find((r) => r.name === project.name);
  if (rp?.overrideCheckout)
    return { checkout: rp.overrideCheckout, checkout_description: 'project override ref' };
  if (rp?.overrideBranch)
    return { checkout: rp.overrideBranch, checkout_description: 'project override branch' };
  if (frozen.overrideCheckout)
    return { checkout: frozen.overrideCheckout, checkout_description: 'job override ref' };
  if (frozen.overrideBranch)
    return { checkout: frozen.overrideBranch, checkout_description: 'job override branch' };
  const ref = itemRef(ctx);
  if (isItemProject && ctx.branch === undefined) {
    if (ref.startsWith('refs/heads/'))
      return { checkout: ref.slice('refs/heads/'.length), checkout_description: 'branch ref' };
    if (ref.startsWith('refs/tags/'))
      return { checkout: ref.slice('refs/tags/'.length), checkout_description: 'tag ref' };
  }
  if (ctx.branch !== undefined)
    return { checkout: ctx.branch, checkout_description: 'zuul branch' };
  return {
    checkout: project.defaultBranch ?? 'master',
    checkout_description: 'project default branch',
  };
}

/** `zuul.projects`: item project, projects of items ahead, include-vars and required projects. */
export function projectsDict(frozen: FrozenJob, ctx: PipelineContext): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const add = (
    p: ProjectInfo,
    required: boolean,
    isItem: boolean,
    commit: string | null,
    itemCtx: PipelineContext,
  ) => {
    const d = projectDict(p);
    const existing = out[d.canonical_name] as Record<string, unknown> | undefined;
    if (existing) {
      if (required) existing.required = true;
      return;
    }
    out[d.canonical_name] = {
      ...d,
      src_dir: projectSrcDir(p),
      required,
      ...resolveCheckout(frozen, itemCtx, p, isItem),
      commit,
    };
  };
  for (const ahead of ctx.itemsAhead ?? []) {
    const full = { ...ahead, pipeline: ctx.pipeline } as PipelineContext;
    add(ahead.project, false, true, commitOf(full), full);
  }
  add(ctx.project, false, true, commitOf(ctx), ctx);
  // include-vars projects are prepared too (not required).
  for (const iv of frozen.includeVars) {
    if (!iv.project || iv.zuulProject) continue;
    const isItem = iv.project === ctx.project.name;
    const p: ProjectInfo = isItem
      ? ctx.project
      : { name: iv.project, canonicalHostname: ctx.project.canonicalHostname };
    add(p, false, isItem, isItem ? commitOf(ctx) : null, ctx);
  }
  for (const rp of frozen.requiredProjects) {
    const isItem = rp.name === ctx.project.name;
    const p: ProjectInfo = isItem
      ? ctx.project
      : { name: rp.name, canonicalHostname: ctx.project.canonicalHostname };
    add(p, true, isItem, isItem ? commitOf(ctx) : null, ctx);
  }
  return out;
}

function commitOf(ctx: PipelineContext): string | null {
  if (itemType(ctx) === 'change') return ctx.commitId ?? null;
  return ctx.newrev ?? ctx.commitId ?? ctx.oldrev ?? null;
}
