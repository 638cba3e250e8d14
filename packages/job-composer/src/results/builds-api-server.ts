import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readBuilds } from './builds-store';
import { BuildsQueryError, buildsQuery, toApiBuild } from './builds-query';

export interface BuildsApiServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** `<url>/api/tenant/<tenant>`: the value for `promote_container_image_api`. */
  tenantUrl: string;
  stop(): Promise<void>;
}

/**
 * Serves a local build-record store as Zuul's REST API (zuul/web: `GET
 * /api/tenant/{tenant}/builds` and `/build/{uuid}`, JSON, 404 for an unknown tenant or build,
 * 400 for bad integer parameters), so promote's intermediate-registry method can query the
 * builds of an earlier local run. The store is re-read on every request.
 */
export async function startBuildsApiServer(
  storeFile: string,
  tenant: string,
  host = '127.0.0.1',
  /** 0: any free port (`zuul-ts serve-builds --port N` chooses one). */
  port = 0,
): Promise<BuildsApiServer> {
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: unknown) => {
      const text = JSON.stringify(body);
      res.writeHead(status, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
    };
    const url = new URL(req.url ?? '/', 'http://localhost');
    const m = /^\/api\/tenant\/([^/]+)\/(builds|build\/([^/]+))\/?$/.exec(url.pathname);
    if (req.method !== 'GET' || !m) return send(404, { description: 'Not Found' });
    if (decodeURIComponent(m[1]) !== tenant)
      return send(404, { description: `Tenant ${m[1]} does not exist.` });
    try {
      const records = readBuilds(storeFile);
      if (m[2] === 'builds') return send(200, buildsQuery(records, url.searchParams));
      const build = records.find((b) => b.uuid === decodeURIComponent(m[3]));
      if (!build) return send(404, { description: 'Build not found' });
      const api = toApiBuild(build);
      return send(200, { ...api, buildset: { ...api.buildset, refs: [api.ref] } });
    } catch (e) {
      if (e instanceof BuildsQueryError) return send(400, { description: e.message });
      return send(500, { description: (e as Error).message });
    }
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    url,
    tenantUrl: `${url}/api/tenant/${tenant}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
