import { randomBytes } from 'node:crypto';
import {
  FakeApiServer,
  FakeTagStore,
  intParam,
  memoryTagStore,
  paginate,
  sendJson,
  startFakeApi,
} from './fake-http';

export interface FakeDockerHubOptions {
  username: string;
  password: string;
  store?: FakeTagStore;
  /**
   * Whether the deprecated `POST /v2/users/login/` still answers (default true). false: it
   * refuses like Hub does for personal access tokens with SSO enforced; `POST /v2/auth/token`
   * (`{identifier, secret}` → `access_token`) always works.
   */
  legacyLogin?: boolean;
}

export interface FakeDockerHub extends FakeApiServer {
  /** API base as `remove_registry_tag_api_url` expects it: `<url>/v2`. */
  apiUrl: string;
  store: FakeTagStore;
  /** Tokens handed out by either login endpoint so far. */
  tokens: string[];
}

/**
 * A local stand-in for the Docker Hub web API (`hub.docker.com/v2`): `POST /users/login/`
 * returning a `token`, tag listing with `page`/`page_size` and an absolute `next` URL, and tag
 * DELETE (with or without trailing slash) requiring `Authorization: JWT <token>`.
 */
export async function startFakeDockerHub(options: FakeDockerHubOptions): Promise<FakeDockerHub> {
  const store = options.store ?? memoryTagStore();
  const tokens: string[] = [];
  const issue = () => {
    const token = `jwt.${randomBytes(12).toString('hex')}`;
    tokens.push(token);
    return token;
  };
  const server = await startFakeApi(async (req, res, base) => {
    if (req.path === '/v2/users/login/' || req.path === '/v2/users/login') {
      const b = req.body as { username?: string; password?: string } | undefined;
      if (
        req.method !== 'POST' ||
        options.legacyLogin === false ||
        b?.username !== options.username ||
        b?.password !== options.password
      )
        return sendJson(res, 401, { detail: 'Incorrect authentication credentials.' });
      return sendJson(res, 200, { token: issue() });
    }
    if (req.path === '/v2/auth/token') {
      const b = req.body as { identifier?: string; secret?: string } | undefined;
      if (
        req.method !== 'POST' ||
        b?.identifier !== options.username ||
        b?.secret !== options.password
      )
        return sendJson(res, 401, { detail: 'Incorrect authentication credentials.' });
      return sendJson(res, 200, { access_token: issue() });
    }
    const m = /^\/v2\/repositories\/([^/]+\/[^/]+)\/tags(?:\/([^/]+))?\/?$/.exec(req.path);
    if (!m) return sendJson(res, 404, { detail: 'Not found' });
    const [, repository, tag] = m;
    if (req.method === 'GET' && tag === undefined) {
      const size = intParam(req.query, 'page_size', 10, 100);
      const page = intParam(req.query, 'page', 1, 1e6);
      const all = await store.list(repository);
      const { items, more } = paginate(all, page, size);
      const link = (p: number) =>
        `${base}/v2/repositories/${repository}/tags?page=${p}&page_size=${size}`;
      return sendJson(res, 200, {
        count: all.length,
        next: more ? link(page + 1) : null,
        previous: page > 1 ? link(page - 1) : null,
        results: items.map((t) => ({
          name: t.name,
          digest: t.digest,
          last_updated: t.lastModified.toISOString().replace(/Z$/, '000Z'),
          tag_status: 'active',
        })),
      });
    }
    if (req.method === 'DELETE' && tag !== undefined) {
      const auth = req.headers.authorization;
      // Hub takes its JWTs as `JWT <token>` (zuul-jobs) and `Bearer <token>` (current docs).
      if (
        typeof auth !== 'string' ||
        !tokens.some((t) => auth === `JWT ${t}` || auth === `Bearer ${t}`)
      )
        return sendJson(res, 401, { detail: 'Authentication credentials were not provided.' });
      if (!(await store.delete(repository, tag)))
        return sendJson(res, 404, { detail: 'Not found' });
      return sendJson(res, 204);
    }
    return sendJson(res, 405, { detail: 'Method not allowed' });
  });
  return { ...server, apiUrl: `${server.url}/v2`, store, tokens };
}
