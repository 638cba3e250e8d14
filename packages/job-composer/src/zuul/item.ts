import type { ItemType, PipelineContext, ProjectInfo } from './types';

export const DEFAULT_CANONICAL_HOSTNAME = 'review.example.org';

export function itemType(
  ctx: Pick<PipelineContext, 'change' | 'tag' | 'branch' | 'ref'>,
): ItemType {
  if (ctx.change !== undefined && ctx.change !== null && ctx.change !== '') return 'change';
  if (ctx.tag !== undefined) return 'tag';
  if (ctx.branch !== undefined) return 'branch';
  return 'ref';
}

/** `refs/changes/45/12345/3` (Gerrit: last two digits of the change, zero-padded). */
export function gerritChangeRef(change: string, patchset: string): string {
  return `refs/changes/${change.slice(-2).padStart(2, '0')}/${change}/${patchset}`;
}

/** The item's ref: explicit, else derived from the item type. */
export function itemRef(ctx: PipelineContext): string {
  if (ctx.ref) return ctx.ref;
  switch (itemType(ctx)) {
    case 'change':
      return gerritChangeRef(String(ctx.change), String(ctx.patchset ?? '1'));
    case 'tag':
      return `refs/tags/${ctx.tag}`;
    case 'branch':
      return `refs/heads/${ctx.branch}`;
    default:
      return '';
  }
}

export function projectDict(p: ProjectInfo): Record<string, string> {
  const host = p.canonicalHostname ?? DEFAULT_CANONICAL_HOSTNAME;
  return {
    name: p.name,
    short_name: p.name.split('/').pop() ?? p.name,
    canonical_hostname: host,
    canonical_name: `${host}/${p.name}`,
  };
}

/** Zuul's src_dir for the golang workspace scheme, or the given checkout (see ProjectInfo.srcDir). */
export function projectSrcDir(p: ProjectInfo): string {
  return p.srcDir ?? `src/${projectDict(p).canonical_name}`;
}

/**
 * change_url: the given one, else Gerrit's `https://<host>/<change>` for changes and the
 * default gitweb commit URL for refs (Gerrit driver's getGitwebUrl).
 */
export function changeUrl(ctx: PipelineContext): string | null {
  if (ctx.changeUrl !== undefined) return ctx.changeUrl;
  const host = ctx.project.canonicalHostname ?? DEFAULT_CANONICAL_HOSTNAME;
  if (itemType(ctx) === 'change') return `https://${host}/${String(ctx.change)}`;
  const sha = ctx.newrev ?? ctx.oldrev ?? ctx.commitId;
  return sha ? `https://${host}/gitweb?p=${ctx.project.name}.git;a=commitdiff;h=${sha}` : null;
}

const ZERO_SHA = /^0+$/;
const rev = (r: string | undefined) => (r && !ZERO_SHA.test(r) ? r : undefined);

/**
 * The ref dict of an item: project, change_url and the type-specific
 * keys. Absent keys stay absent (Zuul leaves them undefined, not null).
 */
export function refDict(ctx: PipelineContext): Record<string, unknown> {
  const out: Record<string, unknown> = {
    project: projectDict(ctx.project),
    change_url: changeUrl(ctx),
  };
  const type = itemType(ctx);
  if (type === 'change') {
    out.branch = ctx.branch;
    out.change = String(ctx.change); // strings: zuul-jobs does 'change_' + zuul.change
    out.patchset = String(ctx.patchset ?? '1');
    // Code sets commit_id for changes too (docs list it only for non-changes): we follow the code.
    if (ctx.commitId) out.commit_id = ctx.commitId;
    out.change_message = ctx.changeMessage ?? '';
    out.topic = ctx.topic ?? null;
    if (out.branch === undefined) delete out.branch;
    return out;
  }
  if (type === 'branch') out.branch = ctx.branch;
  if (type === 'tag') out.tag = ctx.tag;
  const oldrev = rev(ctx.oldrev);
  const newrev = rev(ctx.newrev);
  if (oldrev) out.oldrev = oldrev;
  if (newrev) out.newrev = newrev;
  const commit = newrev ?? oldrev ?? ctx.commitId;
  if (commit) out.commit_id = commit;
  return out;
}
