import { isTransientStatus, withRetry } from '@zuul-ts/registry';

/** A failed call to a hosted web API (quay, Docker Hub, Zuul). Never carries headers or bodies sent. */
export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    detail: string,
  ) {
    super(
      `${method} ${url} failed: ${status ? `HTTP ${status}` : 'no response'}${detail ? ` (${detail})` : ''}`,
    );
    this.name = 'ApiError';
  }
  get transient(): boolean {
    return this.status === 0 || isTransientStatus(this.status);
  }
}

export interface ApiRequest {
  method?: string;
  url: string;
  /** e.g. `Bearer …` / `JWT …`: sent, never logged or put in errors. */
  authorization?: string;
  json?: unknown;
  /** Statuses accepted as success besides 2xx (e.g. 404 for "already gone"). */
  accept?: number[];
  signal?: AbortSignal;
  /** Attempts for transient errors (default 4, zuul-jobs `retries: 3`). */
  attempts?: number;
}

export interface ApiResponse {
  status: number;
  body: unknown;
}

/** The server's own short error text (JSON `error_message`/`detail`/`message`), capped. */
function describe(body: string): string {
  try {
    const j = JSON.parse(body) as Record<string, unknown>;
    const m = j.error_message ?? j.detail ?? j.message ?? j.error;
    if (typeof m === 'string') return m.slice(0, 200);
  } catch {
    /* not JSON */
  }
  return body.slice(0, 200).replace(/\s+/g, ' ').trim();
}

/** One JSON API call with retries on transient failures (`isTransientStatus`, connection errors). */
export async function callApi(req: ApiRequest): Promise<ApiResponse> {
  const method = req.method ?? 'GET';
  return withRetry(
    async () => {
      const headers: Record<string, string> = { accept: 'application/json' };
      if (req.authorization) headers.authorization = req.authorization;
      if (req.json !== undefined) headers['content-type'] = 'application/json';
      let res: Response;
      try {
        res = await fetch(req.url, {
          method,
          headers,
          body: req.json === undefined ? undefined : JSON.stringify(req.json),
          signal: req.signal
            ? AbortSignal.any([req.signal, AbortSignal.timeout(60000)])
            : AbortSignal.timeout(60000),
          redirect: 'follow',
        });
      } catch (err) {
        throw new ApiError(method, req.url, 0, (err as Error).message);
      }
      const text = await res.text();
      if (!res.ok && !(req.accept ?? []).includes(res.status))
        throw new ApiError(method, req.url, res.status, describe(text));
      let body: unknown = undefined;
      if (text) {
        try {
          body = JSON.parse(text);
        } catch {
          body = text;
        }
      }
      return { status: res.status, body };
    },
    {
      attempts: req.attempts ?? 4,
      retryable: (err) => err instanceof ApiError && err.transient,
      signal: req.signal,
    },
  );
}
