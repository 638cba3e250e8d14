import { FakeApiServer, intParam, sendJson, startFakeApi } from './fake-http';

/** A build as `GET /api/tenant/<t>/builds` returns it. */
export interface FakeBuild {
  _id: number;
  uuid: string;
  job_name: string;
  result: string | null;
  pipeline: string;
  final?: boolean;
  artifacts: { name: string; url: string; metadata?: Record<string, unknown> }[];
  ref: { project: string; change: number | null; patchset: string | null; branch?: string };
}

export interface FakeZuulApi extends FakeApiServer {
  /** `<url>/api/tenant/<tenant>` — the value of `promote_container_image_api`. */
  tenantUrl: string;
  builds: FakeBuild[];
}

const exact = new Set(['change', 'patchset', 'uuid', 'result']);
const fuzzy = new Set(['pipeline', 'job_name', 'project', 'branch']);

function field(b: FakeBuild, name: string): string {
  const v =
    (b as unknown as Record<string, unknown>)[name] ?? (b.ref as Record<string, unknown>)[name];
  return v === null || v === undefined ? '' : String(v);
}

function like(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value;
  const re = pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${re.join('.*')}$`).test(value);
}

/**
 * A local stand-in for Zuul's builds API: filters by the documented parameters (exact for
 * change/patchset/uuid/result, `*`-wildcard for pipeline/job_name/project/branch; repeated
 * parameters OR'ed), newest first (`_id` descending), `limit`/`skip`.
 */
export async function startFakeZuulApi(
  tenant: string,
  builds: FakeBuild[] = [],
): Promise<FakeZuulApi> {
  const server = await startFakeApi(async (req, res) => {
    if (req.method !== 'GET' || req.path !== `/api/tenant/${tenant}/builds`)
      return sendJson(res, 404, { description: 'Not Found' });
    let found = api.builds.slice().sort((a, b) => b._id - a._id);
    for (const key of new Set(req.query.keys())) {
      const wanted = req.query.getAll(key);
      if (exact.has(key)) found = found.filter((b) => wanted.includes(field(b, key)));
      else if (fuzzy.has(key))
        found = found.filter((b) => wanted.some((w) => like(w, field(b, key))));
    }
    const skip = Number(req.query.get('skip') ?? 0) || 0;
    return sendJson(res, 200, found.slice(skip, skip + intParam(req.query, 'limit', 50, 1e6)));
  });
  const api: FakeZuulApi = { ...server, tenantUrl: `${server.url}/api/tenant/${tenant}`, builds };
  return api;
}
