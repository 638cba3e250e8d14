import type { StoredBuild } from './builds-store';

/** Query parameters of `GET /api/tenant/{tenant}/builds`. */
export type BuildsParams =
  | URLSearchParams
  | Record<string, string | number | boolean | (string | number | boolean)[] | undefined | null>;

export class BuildsQueryError extends Error {
  readonly status = 400;
  constructor(message: string) {
    super(message);
    this.name = 'BuildsQueryError';
  }
}

/** The `/builds` build object (current upstream shape, 6.2). */
export interface ApiBuild {
  _id: number;
  uuid: string;
  job_name: string;
  result: string | null;
  held: boolean;
  start_time: string | null;
  end_time: string | null;
  duration: number | null;
  voting: boolean;
  log_url: string | null;
  nodeset: string | null;
  error_detail: string | null;
  final: boolean;
  artifacts: { name: string; url: string; metadata?: Record<string, unknown> }[];
  provides: { name: string }[];
  ref: {
    project: string;
    branch: string | null;
    change: number | null;
    patchset: string | null;
    ref: string | null;
    oldrev: string | null;
    newrev: string | null;
    ref_url: string | null;
  };
  pipeline: string;
  event_id: string | null;
  event_timestamp: string | null;
  buildset: { uuid: string | null };
}

function values(params: BuildsParams, key: string): string[] {
  if (params instanceof URLSearchParams) return params.getAll(key);
  const v = params[key];
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

/** Zuul's fuzzy filter: `*` is a wildcard (SQL LIKE), otherwise equality. */
function fuzzy(pattern: string, value: string | null | undefined): boolean {
  if (value === null || value === undefined) return false;
  if (!pattern.includes('*')) return pattern === value;
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return re.test(value);
}

const truthy = (s: string) => ['true', '1', 'yes'].includes(s.toLowerCase());
const str = (v: unknown) => (v === undefined || v === null || v === '' ? null : String(v));

function intParam(params: BuildsParams, key: string): number | undefined {
  const v = values(params, key)[0];
  if (v === undefined) return undefined;
  if (!/^-?\d+$/.test(v)) throw new BuildsQueryError(`${key} must be an integer`);
  return Number(v);
}

/** `%Y-%m-%dT%H:%M:%S`, UTC without zone (Zuul's API time format). */
function apiTime(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, 19);
}

export function toApiBuild(b: StoredBuild): ApiBuild {
  const start = b.start_time ? new Date(b.start_time).getTime() : NaN;
  const end = b.end_time ? new Date(b.end_time).getTime() : NaN;
  const change =
    b.change === undefined || b.change === null || b.change === '' ? null : Number(b.change);
  return {
    _id: b._id,
    uuid: b.uuid,
    job_name: b.job_name,
    result: b.result ?? null,
    held: b.held ?? false,
    start_time: apiTime(b.start_time),
    end_time: apiTime(b.end_time),
    duration: Number.isNaN(start) || Number.isNaN(end) ? null : (end - start) / 1000,
    voting: b.voting ?? true,
    log_url: b.log_url ?? null,
    nodeset: b.nodeset ?? null,
    error_detail: b.error_detail ?? null,
    final: b.final ?? true,
    // `metadata` only when the artifact has metadata.
    artifacts: (b.artifacts ?? []).map((a) =>
      a.metadata
        ? { name: a.name, url: a.url, metadata: a.metadata }
        : { name: a.name, url: a.url },
    ),
    provides: (b.provides ?? []).map((name) => ({ name })),
    ref: {
      project: b.project,
      branch: str(b.branch),
      change: change !== null && Number.isNaN(change) ? null : change,
      patchset: str(b.patchset),
      ref: str(b.ref),
      oldrev: str(b.oldrev),
      newrev: str(b.newrev),
      ref_url: str(b.ref_url),
    },
    pipeline: b.pipeline,
    event_id: b.event_id ?? null,
    event_timestamp: apiTime(b.event_timestamp),
    buildset: { uuid: b.buildset ?? null },
  };
}

type Filter = (b: StoredBuild, v: string) => boolean;

const FILTERS: Record<string, Filter> = {
  project: (b, v) => fuzzy(v, b.project),
  pipeline: (b, v) => fuzzy(v, b.pipeline),
  branch: (b, v) => fuzzy(v, b.branch),
  job_name: (b, v) => fuzzy(v, b.job_name),
  change: (b, v) => b.change !== undefined && b.change !== null && Number(b.change) === Number(v),
  patchset: (b, v) => str(b.patchset) === v,
  ref: (b, v) => b.ref === v,
  newrev: (b, v) => b.newrev === v,
  uuid: (b, v) => b.uuid === v,
  voting: (b, v) => (b.voting ?? true) === truthy(v),
  nodeset: (b, v) => b.nodeset === v,
  result: (b, v) => b.result === v,
  held: (b, v) => (b.held ?? false) === truthy(v),
  final: (b, v) => (b.final ?? true) === truthy(v),
  complete: (b, v) => (b.result !== null && b.result !== undefined) === truthy(v),
};

/**
 * `/builds` over local build records: every filter of 6.1 (a repeated parameter = any of its
 * values), `exclude_result`, `idx_min`/`idx_max`, newest first (`_id` descending), then
 * `skip` and `limit` (default 50).
 */
export function buildsQuery(records: StoredBuild[], params: BuildsParams = {}): ApiBuild[] {
  const idxMin = intParam(params, 'idx_min');
  const idxMax = intParam(params, 'idx_max');
  const limit = intParam(params, 'limit') ?? 50;
  const skip = intParam(params, 'skip') ?? 0;
  const excluded = values(params, 'exclude_result');
  const active = Object.entries(FILTERS)
    .map(([k, f]) => [values(params, k), f] as const)
    .filter(([vals]) => vals.length > 0);
  return (
    records
      .filter((b) => active.every(([vals, f]) => vals.some((v) => f(b, v))))
      // SQL `result NOT IN (...)`: a running build (NULL result) never matches.
      .filter(
        (b) =>
          excluded.length === 0 ||
          (b.result !== null && b.result !== undefined && !excluded.includes(b.result)),
      )
      .filter(
        (b) =>
          (idxMin === undefined || b._id >= idxMin) && (idxMax === undefined || b._id <= idxMax),
      )
      .sort((a, b) => b._id - a._id)
      .slice(skip, skip + limit)
      .map(toApiBuild)
  );
}
