import { relative } from 'node:path';
import type { JobVariant, ZuulConfig } from '../config/types';
import { regexMatches, regexText } from '../config/matchers';
import { FreezeError } from './errors';
import type { FreezeContext } from './types';

/**
 * Zuul's BranchMatcher (zuul/change_matcher.py): a variant without `branches` matches every
 * item. For an item with a branch, one regex must match the start of the branch. A tag or ref
 * item has no branch: a regex matches its ref, or any branch that contains its commit.
 * `overrideBranch` (override-checkout) replaces the item by that branch.
 */
export function variantMatches(
  v: JobVariant,
  ctx: Pick<FreezeContext, 'branch' | 'ref' | 'containingBranches'>,
  overrideBranch?: string,
): boolean {
  if (!v.branches || v.branches.length === 0) return true;
  const branch = overrideBranch ?? ctx.branch;
  return v.branches.some((spec) => {
    if (branch !== undefined) return regexMatches(spec, branch);
    if (ctx.ref !== undefined && regexMatches(spec, ctx.ref)) return true;
    return (ctx.containingBranches ?? []).some((b) => regexMatches(spec, b));
  });
}

/**
 * Job.__repr__ (zuul/model.py): `<Job name explicit: <matcher> implied: None source: …#line>`;
 * the strings zuul._inheritance_path and Zuul's error messages show.
 */
export function jobRepr(v: JobVariant): string {
  const explicit = v.branches
    ? `{MatchAny:{${v.branches.map((b) => `BranchMatcher:${regexText(b)}`).join(' ')}}}`
    : 'None';
  const path = relative(v.source.root, v.source.file) || v.source.file;
  return `<Job ${v.name} explicit: ${explicit} implied: None source: ${v.source.project}/${path}#${v.source.line}>`;
}

/**
 * `Layout._collectJobVariants`: for each matching variant of `name` (configuration order), its
 * parent's matching variants first (a variant without `parent` gets the tenant default parent
 * only when nothing was collected yet; base jobs have none). Returns the ordered variant list.
 */
export function collectVariants(
  config: ZuulConfig,
  name: string,
  ctx: FreezeContext,
  overrideCheckout?: string,
): JobVariant[] {
  const out: JobVariant[] = [];
  const matched = collect(config, name, ctx, [], out, [], overrideCheckout);
  if (!matched) {
    throw new FreezeError(
      `Job ${name} has no variant matching ${ctx.branch ? `branch ${ctx.branch}` : `ref ${ctx.ref ?? '(none)'}`}`,
      'not-run',
    );
  }
  return out;
}

/**
 * The override-checkout branch variants of a job are matched against (Layout._collectJobVariants):
 * only when that branch exists in the job's project (unknown branches: assumed to exist).
 */
function overrideFor(ctx: FreezeContext, project: string, branch?: string): string | undefined {
  if (branch === undefined) return undefined;
  if (project === ctx.project && ctx.projectBranches && !ctx.projectBranches.includes(branch))
    return undefined;
  return branch;
}

function collect(
  config: ZuulConfig,
  name: string,
  ctx: FreezeContext,
  path: string[],
  out: JobVariant[],
  stack: string[],
  overrideCheckout: string | undefined,
): boolean {
  const variants = config.jobs.get(name);
  if (!variants) throw new FreezeError(`Job ${name} not defined`);
  let matched = false;
  const override = overrideFor(ctx, variants[0].source.project, overrideCheckout);
  // A matching variant's override-checkout applies to its parents (not to its siblings).
  let local = overrideCheckout;
  for (const v of variants) {
    if (!variantMatches(v, ctx, override)) continue;
    let parent: string | null | undefined = v.parent;
    if (parent === undefined) parent = out.length === 0 ? (ctx.defaultParent ?? 'base') : undefined;
    if (v.overrideCheckout !== undefined) local = v.overrideCheckout;
    if (parent && !path.includes(parent)) {
      if (stack.includes(parent) || parent === name) {
        throw new FreezeError(`Dependency cycle in jobs: ${[...stack, name, parent].join(' -> ')}`);
      }
      if (!config.jobs.has(parent))
        throw new FreezeError(`Parent job ${parent} of job ${name} not found`);
      const parentMatched = collect(config, parent, ctx, path, out, [...stack, name], local);
      if (!parentMatched) {
        throw new FreezeError(
          `Job ${name} has no matching parent ${parent} for this item`,
          'not-run',
        );
      }
      path.push(parent);
    }
    matched = true;
    if (!out.includes(v)) out.push(v);
  }
  return matched;
}
