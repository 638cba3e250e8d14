import { readFileSync } from 'node:fs';
import { isPlainObject } from '../config/yaml-values';
import type { ZuulArtifact } from '../zuul/types';
import { ResultsError, jsonErrorReason } from './errors';

/** A build object from Zuul's `/builds` API: current nested `ref` shape or the older flat one. */
type AnyApiBuild = Record<string, unknown>;

/**
 * `zuul.artifacts` entries from builds API objects, as Zuul labels SQL-stored artifacts
 *: name, url, metadata (when present), project, job, and the item's
 * change (as str), patchset and branch, or its ref/newrev. Accepts both the nested `ref`
 * shape and the pre-refactor flat fields.
 */
export function artifactsFromApiBuilds(builds: AnyApiBuild[]): ZuulArtifact[] {
  const out: ZuulArtifact[] = [];
  for (const b of builds) {
    const ref = isPlainObject(b.ref) ? b.ref : b;
    const arts = Array.isArray(b.artifacts) ? b.artifacts : [];
    for (const a of arts) {
      if (!isPlainObject(a) || typeof a.name !== 'string' || typeof a.url !== 'string') continue;
      const art: ZuulArtifact = { name: a.name, url: a.url };
      if (isPlainObject(a.metadata)) art.metadata = a.metadata;
      if (typeof ref.project === 'string') art.project = ref.project;
      if (typeof b.job_name === 'string') art.job = b.job_name;
      if (ref.change !== null && ref.change !== undefined && ref.change !== 0) {
        art.change = String(ref.change);
        if (ref.patchset !== null && ref.patchset !== undefined)
          art.patchset = String(ref.patchset);
      }
      if (typeof ref.branch === 'string') art.branch = ref.branch;
      if (art.change === undefined && typeof ref.ref === 'string') {
        art.ref = ref.ref;
        art.newrev = typeof ref.newrev === 'string' ? ref.newrev : null;
      }
      out.push(art);
    }
  }
  return out;
}

/**
 * Artifacts for `zuul.artifacts` from a JSON file: a list of artifacts, `{artifacts: [...]}`,
 * or a `/builds` API answer (the newest build, `[0]`, as zuul-jobs promote takes).
 */
export function loadArtifactsFile(file: string): ZuulArtifact[] {
  let parsed: unknown;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ResultsError(`${file}: cannot read artifacts file: ${(e as Error).message}`);
  }
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ResultsError(`${file}: not a JSON artifacts file: ${jsonErrorReason(e, text)}`);
  }
  const list = isPlainObject(parsed) && Array.isArray(parsed.artifacts) ? parsed.artifacts : parsed;
  if (!Array.isArray(list))
    throw new ResultsError(`${file}: expected a list of artifacts or of builds`);
  if (list.length > 0 && isPlainObject(list[0]) && 'job_name' in list[0])
    return artifactsFromApiBuilds([list[0]]);
  return list.map((a, i) => {
    if (!isPlainObject(a) || typeof a.name !== 'string' || typeof a.url !== 'string') {
      throw new ResultsError(`${file}: artifacts[${i}] needs string name and url`);
    }
    return { ...a } as ZuulArtifact;
  });
}

/**
 * Queries `<api>/builds?<params>` (no auth, as zuul-jobs does) and returns the JSON list.
 * `api` is the tenant API root (`…/api/tenant/<tenant>`, `promote_container_image_api`).
 */
export async function fetchBuilds(
  api: string,
  params: Record<string, string | number | undefined>,
): Promise<AnyApiBuild[]> {
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) query.append(k, String(v));
  const url = `${api.replace(/\/+$/, '')}/builds?${query.toString()}`;
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  if (!res.ok) throw new ResultsError(`GET ${redactUrl(url)}: HTTP ${res.status}`);
  const body = (await res.json()) as unknown;
  if (!Array.isArray(body))
    throw new ResultsError(`GET ${redactUrl(url)}: expected a JSON list of builds`);
  return body as AnyApiBuild[];
}

/** Never print credentials embedded in a URL. */
function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.username || u.password) {
      u.username = '***';
      u.password = '';
    }
    return u.toString();
  } catch {
    return url;
  }
}
