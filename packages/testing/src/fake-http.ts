import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

/** One request received by a fake API server, as the tests inspect it. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, percent-decoded. */
  path: string;
  query: URLSearchParams;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or the raw text when not JSON, or undefined when empty. */
  body?: unknown;
}

export type FakeHandler = (
  req: RecordedRequest,
  res: ServerResponse,
  baseUrl: string,
) => void | Promise<void>;

/** A local HTTP server standing in for a hosted API (quay, Docker Hub, Zuul). */
export interface FakeApiServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** Every request in arrival order. */
  requests: RecordedRequest[];
  /** The paths of every DELETE so far, sorted: which tags a role removed through the API. */
  deletedPaths(): string[];
  stop(): Promise<void>;
}

export function sendJson(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status);
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  if (chunks.length === 0) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Starts a loopback HTTP server that records every request before handing it to `handler`. */
export async function startFakeApi(handler: FakeHandler): Promise<FakeApiServer> {
  const requests: RecordedRequest[] = [];
  let baseUrl = '';
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', baseUrl);
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        path: decodeURIComponent(url.pathname),
        query: url.searchParams,
        headers: req.headers,
        body: await readBody(req),
      };
      requests.push(recorded);
      try {
        await handler(recorded, res, baseUrl);
      } catch (err) {
        sendJson(res, 500, { error: String(err) });
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: baseUrl,
    requests,
    deletedPaths: () =>
      requests
        .filter((r) => r.method === 'DELETE')
        .map((r) => r.path)
        .sort(),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A tag as the hosted tag APIs report it. */
export interface FakeTag {
  name: string;
  digest: string;
  lastModified: Date;
}

/**
 * Where a fake tag API keeps its tags. The in-memory store serves API-only tests; a store
 * backed by a real registry makes the API and the registry agree.
 */
export interface FakeTagStore {
  list(repository: string): Promise<FakeTag[]>;
  /** Removes exactly one tag name; false when it does not exist. */
  delete(repository: string, tag: string): Promise<boolean>;
}

export interface MemoryTagStore extends FakeTagStore {
  set(repository: string, tags: FakeTag[]): void;
}

export function memoryTagStore(): MemoryTagStore {
  const repos = new Map<string, FakeTag[]>();
  return {
    set: (repository, tags) =>
      repos.set(
        repository,
        tags.map((t) => ({ ...t })),
      ),
    list: async (repository) =>
      (repos.get(repository) ?? []).slice().sort((a, b) => a.name.localeCompare(b.name)),
    delete: async (repository, tag) => {
      const tags = repos.get(repository) ?? [];
      const i = tags.findIndex((t) => t.name === tag);
      if (i < 0) return false;
      tags.splice(i, 1);
      return true;
    },
  };
}

/** Page `items` with a 1-based page number and a page size. */
export function paginate<T>(items: T[], page: number, size: number): { items: T[]; more: boolean } {
  const start = (page - 1) * size;
  return { items: items.slice(start, start + size), more: start + size < items.length };
}

export function intParam(q: URLSearchParams, name: string, dflt: number, max: number): number {
  const v = Number(q.get(name) ?? dflt);
  return Number.isInteger(v) && v > 0 ? Math.min(v, max) : dflt;
}

/** The registry-client calls a registry-backed tag store needs (structural). */
export interface TagStoreRegistry {
  listTags(repository: string): Promise<string[]>;
  headManifest(ref: string): Promise<{ digest: string } | undefined>;
  deleteTag(ref: string): Promise<boolean>;
}

export interface RegistryTagStore extends FakeTagStore {
  /** Pretend `tag` was last modified at `when` (default for unknown tags: now). */
  setAge(repository: string, tag: string, when: Date): void;
}

/**
 * Tags of a real registry seen through a hosted API: API repository `org/app` is
 * `<registryHost>/org/app`; DELETE removes exactly that tag (the client's safe tag delete), as
 * quay and Docker Hub do.
 */
export function registryTagStore(client: TagStoreRegistry, registryHost: string): RegistryTagStore {
  const ages = new Map<string, Date>();
  return {
    setAge: (repository, tag, when) => ages.set(`${repository}:${tag}`, when),
    async list(repository) {
      const names = await client.listTags(`${registryHost}/${repository}`).catch(() => []);
      const out: FakeTag[] = [];
      for (const name of names) {
        const head = await client.headManifest(`${registryHost}/${repository}:${name}`);
        if (head)
          out.push({
            name,
            digest: head.digest,
            lastModified: ages.get(`${repository}:${name}`) ?? new Date(),
          });
      }
      return out;
    },
    delete: (repository, tag) => client.deleteTag(`${registryHost}/${repository}:${tag}`),
  };
}
