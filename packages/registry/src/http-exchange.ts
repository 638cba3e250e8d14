import { request as httpRequest, type Agent as HttpAgent, type IncomingMessage } from 'node:http';
import { request as httpsRequest, type Agent as HttpsAgent } from 'node:https';
import type { Readable } from 'node:stream';

/**
 * One HTTP exchange on node:http/https, nothing else: no redirects, no decompression, no
 * proxy, every status resolved. Replaced axios, whose `require` alone cost 70–320 ms of every
 * `zuul-ts role` process (issue 7, whole-process promote time) for features we switched off.
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

const DEFAULT_HEADERS = {
  accept: 'application/json, text/plain, */*',
  'user-agent': 'zuul-ts',
};

function coded(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

export function exchange(req: ExchangeRequest): Promise<ExchangeResponse> {
  return new Promise<ExchangeResponse>((resolve, reject) => {
    const headers: Record<string, string> = { ...DEFAULT_HEADERS };
    for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v;
    const body = req.body;
    if ((typeof body === 'string' || Buffer.isBuffer(body)) && !('content-length' in headers))
      headers['content-length'] = String(Buffer.byteLength(body));
    const send = req.url.protocol === 'https:' ? httpsRequest : httpRequest;
    let settled = false;
    const fail = (err: Error) => {
      if (settled) return;
      settled = true;
      reject(err);
    };
    const timeout = () => coded(`timeout of ${req.timeoutMs}ms exceeded`, 'ETIMEDOUT');
    const r = send(req.url, { method: req.method, headers, agent: req.agent }, (res) => {
      if (req.responseType === 'stream' || req.method === 'HEAD') {
        settled = true;
        if (req.method === 'HEAD') res.resume();
        return resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          data: req.method === 'HEAD' ? Buffer.alloc(0) : res,
        });
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > req.maxBuffered) {
          r.destroy(
            coded(`maxContentLength size of ${req.maxBuffered} exceeded`, 'ERR_BAD_RESPONSE'),
          );
          return;
        }
        chunks.push(c);
      });
      res.on('error', fail);
      res.on('aborted', () => fail(coded('aborted', 'ECONNRESET')));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, data: Buffer.concat(chunks) });
      });
    });
    r.setTimeout(req.timeoutMs, () => {
      const err = timeout();
      fail(err);
      r.destroy(err);
    });
    r.on('error', fail);
    if (body && typeof body !== 'string' && !Buffer.isBuffer(body)) {
      // A failing source stream aborts the request with the source's error.
      body.on('error', (e) => {
        fail(e);
        r.destroy(e);
      });
      body.pipe(r);
    } else r.end(body);
  });
}
