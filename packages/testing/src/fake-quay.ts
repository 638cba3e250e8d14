import {
  FakeApiServer,
  FakeTag,
  FakeTagStore,
  intParam,
  memoryTagStore,
  paginate,
  sendJson,
  startFakeApi,
} from './fake-http';

export interface FakeQuayOptions {
  /** The OAuth application token the API accepts as `Authorization: Bearer <token>`. */
  apiToken: string;
  /** Tag storage (default: in memory, filled through `store.set`). */
  store?: FakeTagStore;
  /** Serve tag lists without a token (a public repository). Default false. */
  publicRead?: boolean;
}

export interface FakeQuay extends FakeApiServer {
  /** API base as `remove_registry_tag_api_url` expects it: `<url>/api/v1`. */
  apiUrl: string;
  store: FakeTagStore;
}

/** quay's `last_modified` format: `Thu, 23 Mar 2023 21:59:40 -0000`. */
export function quayDate(d: Date): string {
  return d.toUTCString().replace('GMT', '-0000');
}

/**
 * A local stand-in for quay.io's REST API (`/api/v1`): tag listing with `page`/`limit`/
 * `has_additional` and `onlyActiveTags` (deleted tags stay visible as history entries with
 * `end_ts`, like quay), and tag DELETE by name with a Bearer token.
 */
export async function startFakeQuay(options: FakeQuayOptions): Promise<FakeQuay> {
  const store = options.store ?? memoryTagStore();
  const history: (FakeTag & { repository: string; endTs: number })[] = [];
  const authorised = (h: string | string[] | undefined) => h === `Bearer ${options.apiToken}`;
  const server = await startFakeApi(async (req, res) => {
    const m = /^\/api\/v1\/repository\/(.+)\/tag\/(.*)$/.exec(req.path);
    if (!m) return sendJson(res, 404, { error_message: 'Not Found' });
    const [, repository, tag] = m;
    if (req.method === 'GET' && tag === '') {
      if (!options.publicRead && !authorised(req.headers.authorization))
        return sendJson(res, 401, { error_message: 'Unauthorized' });
      const active = (await store.list(repository)).map((t) => ({ ...t, endTs: undefined }));
      const all =
        req.query.get('onlyActiveTags') === 'true'
          ? active
          : [...active, ...history.filter((h) => h.repository === repository)];
      const page = intParam(req.query, 'page', 1, 1e6);
      const { items, more } = paginate(all, page, intParam(req.query, 'limit', 50, 100));
      return sendJson(res, 200, {
        tags: items.map((t) => ({
          name: t.name,
          manifest_digest: t.digest,
          is_manifest_list: false,
          reversion: false,
          start_ts: Math.floor(t.lastModified.getTime() / 1000),
          ...(t.endTs === undefined ? {} : { end_ts: t.endTs }),
          last_modified: quayDate(t.lastModified),
        })),
        page,
        has_additional: more,
      });
    }
    if (req.method === 'DELETE' && tag !== '') {
      if (!authorised(req.headers.authorization))
        return sendJson(res, 401, { error_message: 'Unauthorized' });
      const before = (await store.list(repository)).find((t) => t.name === tag);
      if (!before || !(await store.delete(repository, tag)))
        return sendJson(res, 404, { error_message: 'Not Found' });
      history.push({ ...before, repository, endTs: Math.floor(Date.now() / 1000) });
      return sendJson(res, 204);
    }
    return sendJson(res, 405, { error_message: 'Method Not Allowed' });
  });
  return { ...server, apiUrl: `${server.url}/api/v1`, store };
}
