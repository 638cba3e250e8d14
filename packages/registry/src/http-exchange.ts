import type { AxiosInstance, AxiosResponse, AxiosStatic } from 'axios';
import type { Agent as HttpAgent, IncomingMessage } from 'node:http';
import type { Agent as HttpsAgent } from 'node:https';
import type { Readable } from 'node:stream';

/**
 * One HTTP exchange through axios and nothing more: no redirects (blob redirects are followed
 * by the transport, which drops Authorization on another host), no decompression, no proxy,
 * no body transforms, every status resolved. Uploads stream straight from their source into
 * the socket. Errors keep only `code` and `message`: an AxiosError carries the request
 * config, Authorization header included.
 */
export interface ExchangeRequest {
  method: string;
  url: URL;
  agent: HttpAgent | HttpsAgent;
  headers?: Record<string, string>;
  body?: Buffer | Readable | string;
  /** `stream`: the response body is returned unread; `buffer`: read whole (capped). */
  responseType: 'buffer' | 'stream';
  /** Largest buffered body accepted. */
  maxBuffered: number;
  /** Socket inactivity limit, ms: the request fails with code ETIMEDOUT. */
  timeoutMs: number;
}

export interface ExchangeResponse {
  status: number;
  headers: IncomingMessage['headers'];
  data: Buffer | Readable;
}

/**
 * The axios instance, created on first use: loading axios (and the fetch globals it probes,
 * which pull in Node's bundled undici) is a third of a short CLI run's start-up, and most
 * commands (a playbook without registry work, --help, validation errors) never need it.
 */
let instance: AxiosInstance | undefined;
function http(): AxiosInstance {
  if (instance) return instance;
  const axios = withoutFetchGlobals(
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    () => require('axios') as AxiosStatic,
  );
  return (instance = axios.create({
    // Node's http/https only: the fetch adapter is never used (see withoutFetchGlobals).
    adapter: 'http',
    maxRedirects: 0,
    // -1 is axios' "no limit": any other value, Infinity included, pipes every streamed
    // upload through an extra byte-counting Transform (axios lib/adapters/http.js).
    maxBodyLength: -1,
    decompress: false,
    proxy: false,
    validateStatus: () => true,
    transformRequest: [(data: unknown) => data],
    transformResponse: [(data: unknown) => data],
    headers: { 'User-Agent': 'zuul-ts' },
  }));
}

/**
 * Runs `load` with Node's fetch globals hidden. axios probes `fetch`, `Request` and `Response`
 * when it loads (for its fetch adapter, which this client never uses), and touching them makes
 * Node load its bundled undici: ~10 ms of start-up, and with undici loaded V8 ran ~60 full
 * mark-compacts during a 1 GB blob copy instead of ~10 (GC time 470 ms -> under 100 ms,
 * measured with --trace-gc). Node's lazy getters are put back untouched afterwards, so any
 * other code still finds fetch.
 */
function withoutFetchGlobals<T>(load: () => T): T {
  const names = ['fetch', 'Request', 'Response', 'Headers', 'FormData'] as const;
  const saved = names.map((n) => [n, Object.getOwnPropertyDescriptor(globalThis, n)] as const);
  for (const [n, d] of saved)
    if (d?.configurable)
      Object.defineProperty(globalThis, n, { value: undefined, configurable: true });
  try {
    return load();
  } finally {
    for (const [n, d] of saved) if (d?.configurable) Object.defineProperty(globalThis, n, d);
  }
}

function coded(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

/** The axios error reduced to what is safe to keep. */
function plainError(err: unknown, timeoutMs: number): Error {
  const e = err as { code?: string; message?: string };
  const message = e.message ?? String(err);
  if (e.code === 'ECONNABORTED' && /timeout/i.test(message))
    return coded(`timeout of ${timeoutMs}ms exceeded`, 'ETIMEDOUT');
  return coded(message, e.code ?? '');
}

function isStream(body: unknown): body is Readable {
  return typeof (body as Readable | undefined)?.pipe === 'function';
}

export async function exchange(req: ExchangeRequest): Promise<ExchangeResponse> {
  const stream = req.responseType === 'stream' && req.method !== 'HEAD';
  // A failing source stream aborts the request and is the error reported.
  const abort = new AbortController();
  let bodyError: Error | undefined;
  if (isStream(req.body))
    req.body.once('error', (e) => {
      bodyError = e;
      abort.abort();
    });
  let res: AxiosResponse<Buffer | Readable>;
  try {
    res = await http().request<Buffer | Readable>({
      method: req.method,
      url: req.url.toString(),
      headers: req.headers,
      data: req.body,
      responseType: stream ? 'stream' : 'arraybuffer',
      maxContentLength: stream ? -1 : req.maxBuffered,
      httpAgent: req.agent,
      httpsAgent: req.agent,
      timeout: req.timeoutMs,
      signal: abort.signal,
    });
  } catch (err) {
    throw bodyError ?? plainError(err, req.timeoutMs);
  }
  const data = res.data ?? Buffer.alloc(0);
  return {
    status: res.status,
    headers: res.headers as IncomingMessage['headers'],
    data: stream
      ? data
      : Buffer.isBuffer(data)
        ? data
        : Buffer.from(data as unknown as ArrayBuffer),
  };
}
