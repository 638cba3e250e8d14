import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Readable } from 'node:stream';
import { Challenge, parseChallenges } from './challenge';
import { isCertificateError, isLoopback, isPlainHttpAnswer, stripPort } from './endpoint';
import { backoffDelay, isTransientStatus, REQUEST_RETRY } from './retry';
import { RETRYABLE_NET, RegistryError, decodeErrorBody, parseRetryAfter } from './errors';
import { exchange, type ExchangeResponse } from './http-exchange';
import { createLimit, Limit } from './limit';
import { apiHost } from './reference';
import { TokenCache } from './token';
import type { Credential, CredentialStore, RegistryClientOptions } from './types';

/** Largest buffered (non-blob) response accepted. */
const MAX_BUFFERED = 64 * 1024 * 1024;

export type Method = 'GET' | 'HEAD' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  method: Method;
  /** Registry name from the reference (`docker.io`, `127.0.0.1:5000`). */
  registry: string;
  /** Path under the registry (`/v2/...`) or an absolute URL (upload `Location`). */
  path: string;
  query?: Record<string, string | string[]>;
  headers?: Record<string, string>;
  /** A Buffer, or a factory returning a fresh stream per attempt (replayable). */
  body?: Buffer | (() => Readable);
  responseType?: 'buffer' | 'stream';
  /** Token scopes this request needs (`repository:a/b:pull`). */
  scopes: string[];
  operation: string;
  reference?: string;
  /** Statuses returned to the caller instead of thrown (404 for existence checks, 202/3xx). */
  accept?: number[];
  /** Retry temporary failures (default: true unless the body is a one-shot stream). */
  retry?: boolean;
  /** Do not attach Authorization (redirect to another host). */
  anonymous?: boolean;
}

export interface HttpResponse<T = Buffer> {
  status: number;
  headers: Record<string, string | undefined>;
  data: T;
  url: string;
}

interface Endpoint {
  base: string;
  agent: HttpAgent | HttpsAgent;
  challenge?: Challenge;
}

/** A plain Error with only message and code (safe to log, inspect and serialise). */
function sanitized(code: string, message: string | undefined): Error {
  const out = new Error(message ?? code);
  if (code) (out as NodeJS.ErrnoException).code = code;
  return out;
}

/** Sleeps at least `ms` (timers may fire a hair early; Retry-After is a lower bound). */
export async function sleep(ms: number): Promise<void> {
  const end = performance.now() + ms;
  for (let left = ms; left > 0; left = end - performance.now())
    await new Promise((r) => setTimeout(r, Math.ceil(left)));
}

function headerMap(h: ExchangeResponse['headers']): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(h ?? {}))
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v == null ? undefined : String(v);
  return out;
}

async function drain(data: unknown): Promise<Buffer> {
  if (Buffer.isBuffer(data)) return data;
  if (data && typeof (data as Readable).on === 'function') {
    const chunks: Buffer[] = [];
    try {
      for await (const c of data as Readable) {
        chunks.push(Buffer.from(c as Buffer));
        if (chunks.length > 64) break;
      }
    } catch {
      // A broken error body is not worth a second error.
    }
    (data as Readable).destroy?.();
    return Buffer.concat(chunks);
  }
  return Buffer.from(String(data ?? ''));
}

/**
 * The HTTP layer: scheme choice (HTTPS unless loopback/insecure), per-host CA and keep-alive
 * agents, ping + challenge cache, Basic/Bearer auth, retries with backoff and Retry-After,
 * per-host request concurrency, and the single error check after every request.
 */
export class Transport {
  private readonly endpoints = new Map<string, Promise<Endpoint>>();
  private readonly limits = new Map<string, Limit>();
  private readonly creds = new Map<string, Promise<Credential | undefined>>();
  private readonly tokens: TokenCache;
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  readonly timeoutMs: number;
  readonly concurrency: number;

  constructor(
    private readonly options: RegistryClientOptions,
    private readonly store: CredentialStore,
  ) {
    this.attempts = Math.max(1, options.retry?.attempts ?? REQUEST_RETRY.attempts);
    this.baseDelayMs = Math.max(0, options.retry?.baseDelayMs ?? REQUEST_RETRY.baseDelayMs);
    this.maxDelayMs = Math.max(
      this.baseDelayMs,
      options.retry?.maxDelayMs ?? REQUEST_RETRY.maxDelayMs,
    );
    this.timeoutMs = options.timeoutMs ?? 120000;
    this.concurrency = Math.max(1, options.concurrency ?? 6);
    this.tokens = new TokenCache((req) => this.send(req));
  }

  /** Per-host limiter for whole tasks (blob transfers) — see copy.ts. */
  hostLimit(registry: string): Limit {
    let l = this.limits.get(registry);
    if (!l) {
      l = createLimit(this.concurrency);
      this.limits.set(registry, l);
    }
    return l;
  }

  allowsHttp(host: string): boolean {
    const insecure = this.options.insecure ?? [];
    return isLoopback(host) || insecure.includes(host) || insecure.includes(stripPort(host));
  }

  private credential(registry: string): Promise<Credential | undefined> {
    let c = this.creds.get(registry);
    if (!c) {
      c = this.store.get(registry);
      this.creds.set(registry, c);
    }
    return c;
  }

  private makeAgent(https: boolean, ca?: string): HttpAgent | HttpsAgent {
    const common = { keepAlive: true, maxSockets: this.concurrency * 4, maxFreeSockets: 16 };
    return https ? new HttpsAgent({ ...common, ca }) : new HttpAgent(common);
  }

  /** Resolves the scheme once per registry and caches the ping challenge. */
  endpoint(registry: string): Promise<Endpoint> {
    let e = this.endpoints.get(registry);
    if (!e) {
      e = this.resolveEndpoint(registry);
      this.endpoints.set(registry, e);
      e.catch(() => this.endpoints.delete(registry));
    }
    return e;
  }

  private async resolveEndpoint(registry: string): Promise<Endpoint> {
    const explicit = this.options.endpoints?.[registry];
    if (explicit) return this.explicitEndpoint(registry, explicit);
    const host = apiHost(registry);
    const ca = this.options.ca?.[registry] ?? this.options.ca?.[host];
    const httpOk = this.allowsHttp(host);
    if (isLoopback(host) && !ca) {
      // A loopback registry without a CA is nearly always plain HTTP (test and buildset
      // registries): ping it over HTTP first instead of paying a failed TLS handshake per
      // client (~20 ms of every `zuul-ts role` process). Only 2xx/401 count as a registry
      // answer; a TLS server answers plain HTTP with 400, then HTTPS is tried as before.
      const plain: Endpoint = { base: `http://${host}`, agent: this.makeAgent(false) };
      const answer = await this.ping(plain, registry).then(
        (challenge) => ({ challenge }),
        () => undefined,
      );
      if (answer) {
        plain.challenge = answer.challenge;
        return plain;
      }
      plain.agent.destroy();
    }
    const httpsEp: Endpoint = { base: `https://${host}`, agent: this.makeAgent(true, ca) };
    try {
      httpsEp.challenge = await this.ping(httpsEp, registry);
      return httpsEp;
    } catch (err) {
      if (isPlainHttpAnswer((err as RegistryError).cause ?? err)) {
        if (!httpOk || ca)
          throw new RegistryError({
            message: `${host} answered plain HTTP; refusing it: only loopback hosts or hosts listed in 'insecure' may use HTTP`,
            operation: 'ping',
            reference: registry,
          });
        const httpEp: Endpoint = { base: `http://${host}`, agent: this.makeAgent(false) };
        httpEp.challenge = await this.ping(httpEp, registry);
        return httpEp;
      }
      throw err;
    }
  }

  private async explicitEndpoint(registry: string, base: string): Promise<Endpoint> {
    const u = new URL(base);
    if (u.protocol === 'http:' && !this.allowsHttp(u.host))
      throw new RegistryError({
        message: `refusing plain HTTP to ${u.host} for ${registry}: only loopback hosts or hosts listed in 'insecure' may use HTTP`,
        operation: 'ping',
        reference: registry,
      });
    if (u.protocol !== 'http:' && u.protocol !== 'https:')
      throw new RegistryError({
        message: `endpoint for ${registry} must be http(s)`,
        operation: 'ping',
        reference: registry,
      });
    const https = u.protocol === 'https:';
    const ca = this.options.ca?.[registry] ?? this.options.ca?.[u.host];
    const ep: Endpoint = { base: u.origin, agent: this.makeAgent(https, ca) };
    ep.challenge = await this.ping(ep, registry);
    return ep;
  }

  private async ping(ep: Endpoint, registry: string): Promise<Challenge | undefined> {
    const res = await this.send({
      method: 'GET',
      url: `${ep.base}/v2/`,
      agent: ep.agent,
      operation: 'ping',
      reference: registry,
      responseType: 'buffer',
    });
    if (res.status === 401) {
      const cs = parseChallenges(res.headers['www-authenticate']);
      return cs.find((c) => c.scheme === 'bearer') ?? cs.find((c) => c.scheme === 'basic') ?? cs[0];
    }
    if (res.status >= 200 && res.status < 300) return undefined;
    throw this.toError(res.status, res.headers, res.data, 'ping', registry, `${ep.base}/v2/`);
  }

  /** One raw HTTP exchange; network errors become RegistryError (status 0). */
  async send(req: {
    method: Method;
    url: string;
    agent?: HttpAgent | HttpsAgent;
    headers?: Record<string, string>;
    body?: Buffer | Readable | string;
    responseType: 'buffer' | 'stream';
    operation: string;
    reference?: string;
  }): Promise<HttpResponse<Buffer | Readable>> {
    const u = new URL(req.url);
    const agent =
      req.agent ??
      (u.protocol === 'https:' ? this.makeAgentCached(u.host) : this.makeAgentCached(''));
    let res: ExchangeResponse;
    try {
      res = await exchange({
        method: req.method,
        url: u,
        headers: req.headers,
        body: req.body,
        responseType: req.responseType,
        // Buffered answers are manifests, tag lists, tokens and errors: cap them so a broken
        // or hostile registry cannot make us hold gigabytes (blobs are always streamed).
        maxBuffered: MAX_BUFFERED,
        agent,
        timeoutMs: this.timeoutMs,
      });
    } catch (err) {
      const e = err as { code?: string; message?: string; cause?: { code?: string } };
      const code = e.code ?? e.cause?.code ?? '';
      const timedOut = code === 'ETIMEDOUT' || code === 'ECONNABORTED';
      const safeUrl = `${u.origin}${u.pathname}`;
      let message = `${req.operation} ${req.reference ?? ''} (${req.method} ${safeUrl}) failed: ${
        timedOut ? `timed out after ${this.timeoutMs} ms` : (e.message ?? code)
      }`;
      if (isCertificateError(err))
        message = `${req.operation}: TLS certificate of ${u.host} is not trusted (${code}); pass its CA in the 'ca' option`;
      throw new RegistryError({
        message: message.replace(/\s+/g, ' '),
        operation: req.operation,
        reference: req.reference,
        temporary:
          RETRYABLE_NET.has(code) ||
          /socket hang up|ECONNRESET|aborted|premature close/i.test(e.message ?? ''),
        // Never the raw error object: keep only code and message (no request, no headers).
        cause: sanitized(code, e.message),
      });
    }
    const headers = headerMap(res.headers);
    this.options.onRequest?.({
      method: req.method,
      url: `${u.origin}${u.pathname}${u.search}`,
      status: res.status,
    });
    return { status: res.status, headers, data: res.data, url: req.url };
  }

  private agents = new Map<string, HttpAgent | HttpsAgent>();
  private makeAgentCached(host: string): HttpAgent | HttpsAgent {
    let a = this.agents.get(host);
    if (!a) {
      a = this.makeAgent(host !== '', host ? this.options.ca?.[host] : undefined);
      this.agents.set(host, a);
    }
    return a;
  }

  toError(
    status: number,
    headers: Record<string, string | undefined>,
    body: unknown,
    operation: string,
    reference: string | undefined,
    url: string,
  ): RegistryError {
    const { codes, detail } = decodeErrorBody(body);
    const retryAfter = parseRetryAfter(headers['retry-after']);
    const u = new URL(url);
    return new RegistryError({
      message:
        `${operation} ${reference ?? ''} failed: HTTP ${status}${detail ? ` ${detail}` : ''} (${u.origin}${u.pathname})`.replace(
          /\s+/g,
          ' ',
        ),
      status,
      codes,
      temporary:
        isTransientStatus(status) ||
        codes.includes('TOOMANYREQUESTS') ||
        codes.includes('UNAVAILABLE') ||
        codes.includes('BLOB_UPLOAD_INVALID'),
      retryAfter,
      operation,
      reference,
    });
  }

  backoff(attempt: number, retryAfter?: number): number {
    return backoffDelay(attempt, this, retryAfter);
  }

  private async authHeader(
    ep: Endpoint,
    registry: string,
    scopes: string[],
    forceRefresh: boolean,
    challenge?: Challenge,
  ): Promise<string | undefined> {
    const ch = challenge ?? ep.challenge;
    if (!ch) return undefined;
    const cred = await this.credential(registry);
    if (ch.scheme === 'basic') {
      if (!cred?.username) return undefined;
      return 'Basic ' + Buffer.from(`${cred.username}:${cred.password ?? ''}`).toString('base64');
    }
    if (ch.scheme === 'bearer') {
      if (cred?.registryToken) return `Bearer ${cred.registryToken}`;
      const realm = ch.params.realm;
      if (!realm) return undefined;
      const r = new URL(realm);
      if (r.protocol === 'http:' && !this.allowsHttp(r.host))
        throw new RegistryError({
          message: `token realm ${r.origin} uses plain HTTP; refusing to send credentials`,
          operation: 'token',
          reference: registry,
        });
      const token = await this.tokens.get({
        registry,
        realm,
        service: ch.params.service,
        scopes: [...new Set([...(ch.params.scope ? ch.params.scope.split(' ') : []), ...scopes])],
        credential: cred,
        forceRefresh,
      });
      return `Bearer ${token}`;
    }
    return undefined;
  }

  private limitFor(registry: string): Limit {
    const key = `req:${registry}`;
    let l = this.limits.get(key);
    if (!l) {
      l = createLimit(this.concurrency);
      this.limits.set(key, l);
    }
    return l;
  }

  /**
   * A registry request with auth and retries. Non-accepted statuses throw RegistryError.
   * Buffered requests take a per-host concurrency slot; streamed ones are bounded by callers.
   */
  async request(req: HttpRequest & { responseType: 'stream' }): Promise<HttpResponse<Readable>>;
  async request(req: HttpRequest): Promise<HttpResponse<Buffer>>;
  async request(req: HttpRequest): Promise<HttpResponse<Buffer | Readable>> {
    const run = () => this.requestWithRetry(req);
    return req.responseType === 'stream' ? run() : this.limitFor(req.registry)(run);
  }

  private async requestWithRetry(req: HttpRequest): Promise<HttpResponse<Buffer | Readable>> {
    // Buffers and stream factories are replayable; a caller passes retry:false for one-shot bodies.
    const retry = req.retry ?? true;
    let lastErr: RegistryError | undefined;
    const attempts = retry ? this.attempts : 1;
    for (let attempt = 0; attempt < attempts; attempt++) {
      if (attempt > 0) await sleep(this.backoff(attempt - 1, lastErr?.retryAfter));
      try {
        return await this.attempt(req);
      } catch (err) {
        if (!(err instanceof RegistryError) || !err.temporary || attempts === 1) throw err;
        lastErr = err;
      }
    }
    throw new RegistryError({
      message: `${lastErr!.message} (gave up after ${attempts} attempts)`,
      status: lastErr!.status,
      codes: lastErr!.codes,
      temporary: true,
      retryAfter: lastErr!.retryAfter,
      operation: lastErr!.operation,
      reference: lastErr!.reference,
      cause: lastErr,
    });
  }

  private async attempt(req: HttpRequest): Promise<HttpResponse<Buffer | Readable>> {
    const ep = await this.endpoint(req.registry).catch((err: unknown) => {
      throw forRequest(err, req);
    });
    const url = new URL(req.path, ep.base);
    for (const [k, v] of Object.entries(req.query ?? {})) {
      if (Array.isArray(v)) for (const x of v) url.searchParams.append(k, x);
      else url.searchParams.set(k, v);
    }
    const sameHost = url.host === new URL(ep.base).host;
    let challenge: Challenge | undefined;
    for (let authTry = 0; authTry < 2; authTry++) {
      const headers: Record<string, string> = { ...(req.headers ?? {}) };
      if (!req.anonymous && sameHost) {
        const auth = await this.authHeader(ep, req.registry, req.scopes, authTry > 0, challenge);
        if (auth) headers.authorization = auth;
      }
      const body = typeof req.body === 'function' ? req.body() : req.body;
      const res = await this.send({
        method: req.method,
        url: url.toString(),
        agent: sameHost ? ep.agent : undefined,
        headers,
        body,
        responseType: req.responseType ?? 'buffer',
        operation: req.operation,
        reference: req.reference,
      });
      if (res.status === 401 && authTry === 0 && !req.anonymous && sameHost) {
        const cs = parseChallenges(res.headers['www-authenticate']);
        challenge = cs.find((c) => c.scheme === 'bearer') ?? cs.find((c) => c.scheme === 'basic');
        if (challenge && !ep.challenge) ep.challenge = challenge;
        const cred = await this.credential(req.registry);
        if (
          challenge &&
          (challenge.scheme === 'bearer' || (cred?.username && !headers.authorization))
        ) {
          await drain(res.data);
          if (typeof req.body === 'function' && req.retry === false) break;
          continue;
        }
      }
      if ((res.status >= 200 && res.status < 300) || req.accept?.includes(res.status)) return res;
      const body2 = await drain(res.data);
      const err = this.toError(
        res.status,
        res.headers,
        body2,
        req.operation,
        req.reference,
        url.toString(),
      );
      if (res.status === 401) {
        const cred = await this.credential(req.registry);
        const bearer = (challenge ?? ep.challenge)?.scheme === 'bearer';
        // A token server grants the intersection of asked and allowed actions without failing,
        // so a 401 after a fresh token means "not allowed", not "wrong password".
        const why = !cred?.username
          ? 'no credentials configured for this registry'
          : bearer
            ? `the token issued to user "${cred.username}" does not grant ${req.scopes.join(' ')}`
            : `credentials for user "${cred.username}" were rejected`;
        throw new RegistryError({
          message: `${req.operation} ${req.reference ?? ''}: authentication to ${req.registry} failed (HTTP 401${
            err.codes.length ? ' ' + err.codes.join(',') : ''
          }): ${why}`,
          status: 401,
          codes: err.codes,
          operation: req.operation,
          reference: req.reference,
        });
      }
      throw err;
    }
    throw new RegistryError({
      message: `${req.operation} ${req.reference ?? ''}: authentication to ${req.registry} failed`,
      status: 401,
      operation: req.operation,
      reference: req.reference,
    });
  }

  /** Closes keep-alive sockets. */
  close(): void {
    for (const e of this.endpoints.values())
      void e.then(
        (x) => x.agent.destroy(),
        () => undefined,
      );
    for (const a of this.agents.values()) a.destroy();
  }
}

/**
 * A failed ping (shared by every request to that registry) names only the registry; the
 * request it was made for adds its operation and image reference, so a job's one error says
 * what it was doing (with 100 % faults the error still names registry, operation and reference).
 */
function forRequest(err: unknown, req: HttpRequest): unknown {
  if (!(err instanceof RegistryError) || !req.reference || err.operation !== 'ping') return err;
  return new RegistryError({
    message: `${req.operation} ${req.reference}: ${err.message}`,
    status: err.status,
    codes: err.codes,
    temporary: err.temporary,
    retryAfter: err.retryAfter,
    operation: err.operation,
    reference: err.reference,
    cause: err,
  });
}
