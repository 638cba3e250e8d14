import { isPlainObject } from '../config/yaml-values';
import type { ZuulArtifact } from '../zuul/types';
import { resultDataProblems } from './schema';

export interface ResultArtifact {
  name: string;
  url: string;
  metadata?: Record<string, unknown>;
}

/**
 * zuul/lib/result_data.py `get_artifacts_from_result_data`: nothing when the data fails the
 * artifact schema; relative URLs resolve against `zuul.log_url` (trailing `/` added),
 * absolute ones (any scheme, e.g. `docker://`) are kept.
 */
export function artifactsFromResultData(data: Record<string, unknown>): ResultArtifact[] {
  if (resultDataProblems(data).length > 0) return [];
  const zuul = isPlainObject(data.zuul) ? data.zuul : {};
  const list = Array.isArray(zuul.artifacts) ? (zuul.artifacts as ResultArtifact[]) : [];
  let base = typeof zuul.log_url === 'string' && zuul.log_url !== '' ? zuul.log_url : undefined;
  if (base && !base.endsWith('/')) base += '/';
  return list.map((a) => {
    let url = a.url;
    if (base && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(url)) {
      try {
        url = new URL(url, base).href;
      } catch {
        // urljoin failures leave the URL as returned (Zuul logs and keeps it).
      }
    }
    const out: ResultArtifact = { name: a.name, url };
    if (a.metadata) out.metadata = a.metadata;
    return out;
  });
}

/** The item a build ran for, as far as artifacts are labelled with it. */
export interface BuildItem {
  project: string;
  branch?: string;
  change?: string | number;
  patchset?: string | number;
  ref?: string;
  oldrev?: string | null;
  newrev?: string | null;
  tag?: string;
}

/** A finished build whose result data may carry artifacts (dependencies in job-graph order). */
export interface ParentBuild {
  job: string;
  item: BuildItem;
  /** results.json `data` of the build. */
  data: Record<string, unknown>;
}

/**
 * `zuul.artifacts` for the next job: first the already-shaped
 * requires/provides artifacts of items ahead, then each ancestor build's artifacts (job-graph
 * order) with `project`, `job` and the item keys (change/branch items: branch, change as str,
 * patchset; tag/ref items: ref, oldrev, newrev, tag). Exact duplicates are skipped.
 */
export function collectArtifacts(
  builds: ParentBuild[],
  ahead: ZuulArtifact[] = [],
): ZuulArtifact[] {
  const out: ZuulArtifact[] = [];
  const seen = new Set<string>();
  const push = (a: ZuulArtifact) => {
    const key = JSON.stringify(a);
    if (seen.has(key)) return;
    seen.add(key);
    out.push(a);
  };
  ahead.forEach(push);
  for (const b of builds) {
    for (const a of artifactsFromResultData(b.data)) {
      const art: ZuulArtifact = { name: a.name, url: a.url };
      if (a.metadata) art.metadata = a.metadata;
      art.project = b.item.project;
      art.job = b.job;
      const isChangeOrBranch =
        b.item.change !== undefined || (b.item.branch !== undefined && b.item.tag === undefined);
      if (isChangeOrBranch) {
        if (b.item.branch !== undefined) art.branch = b.item.branch;
        if (b.item.change !== undefined) {
          art.change = String(b.item.change);
          art.patchset = String(b.item.patchset ?? '');
        }
      } else {
        art.ref = b.item.ref ?? (b.item.tag ? `refs/tags/${b.item.tag}` : '');
        art.oldrev = b.item.oldrev ?? null;
        art.newrev = b.item.newrev ?? null;
        if (b.item.tag !== undefined) art.tag = b.item.tag;
      }
      push(art);
    }
  }
  return out;
}
