import { relative } from 'node:path';
import type { JobVariant, ZuulConfig } from '../config/types';
import { FreezeError } from './errors';
import type { FreezeContext } from './types';

/**
 * Zuul's BranchMatcher, simplified: a variant without `branches` matches every item; otherwise
 * one regex must match the start of the item's branch (or its ref for tag/ref items), or equal it.
 */
export function variantMatches(v: JobVariant, ctx: Pick<FreezeContext, 'branch' | 'ref'>): boolean {
  if (!v.branches || v.branches.length === 0) return true;
  const target = ctx.branch ?? ctx.ref;
  if (target === undefined) return false;
  return v.branches.some((re) => re === target || new RegExp(`^(?:${re})`).test(target));
}

/**
 * Job.__repr__ (zuul/model.py): `<Job name explicit: <matcher> implied: None source: …#line>`;
 * the strings zuul._inheritance_path and Zuul's error messages show.
 */
export function jobRepr(v: JobVariant): string {
  const explicit = v.branches
    ? `{MatchAny:{${v.branches.map((b) => `BranchMatcher:${b}`).join(' ')}}}`
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
): JobVariant[] {
  const out: JobVariant[] = [];
  const matched = collect(config, name, ctx, [], out, []);
  if (!matched) {
    throw new FreezeError(
      `Job ${name} has no variant matching ${ctx.branch ? `branch ${ctx.branch}` : `ref ${ctx.ref ?? '(none)'}`}`,
      'not-run',
    );
  }
  return out;
}

function collect(
  config: ZuulConfig,
  name: string,
  ctx: FreezeContext,
  path: string[],
  out: JobVariant[],
  stack: string[],
): boolean {
  const variants = config.jobs.get(name);
  if (!variants) throw new FreezeError(`Job ${name} not defined`);
  let matched = false;
  for (const v of variants) {
    if (!variantMatches(v, ctx)) continue;
    let parent: string | null | undefined = v.parent;
    if (parent === undefined) parent = out.length === 0 ? (ctx.defaultParent ?? 'base') : undefined;
    if (parent && !path.includes(parent)) {
      if (stack.includes(parent) || parent === name) {
        throw new FreezeError(`Dependency cycle in jobs: ${[...stack, name, parent].join(' -> ')}`);
      }
      if (!config.jobs.has(parent))
        throw new FreezeError(`Parent job ${parent} of job ${name} not found`);
      const parentMatched = collect(config, parent, ctx, path, out, [...stack, name]);
      if (!parentMatched) {
        throw new FreezeError(
          `Job ${name} has no matching parent ${parent} for this item`,
          'not-run',
        );
      }
      path.push(parent);
    }
    matched = true;
    out.push(v);
  }
  return matched;
}
