import {
  Agent as HttpAgent,
  IncomingMessage,
  OutgoingHttpHeaders,
  ServerResponse,
} from 'node:http';
import { createServer, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Socket } from 'node:net';
import { classifyPath } from './classify';
import { rewriteLink, rewriteUrl } from './location';
import { Decision, FaultPlan, FaultRule, RequestInfo } from './rules';
import { ProxyStats, StatsRecorder } from './stats';

export interface FaultProxyOptions {
  /** The registry: `http://127.0.0.1:PORT` or `https://…` (then give `ca`). */
  target: string;
  /** PEM CA bundle for an https target. */
  ca?: string;
  /** Initial rules (default none: pass-through, counting only). */
  faults?: FaultRule[];
  /** PRNG seed for rate-based rules (default 1). */
  seed?: number;
  /** Port on 127.0.0.1 (default: a random free one). */
  port?: number;
}

export interface FaultProxy {
  /** `http://127.0.0.1:PORT` — the proxy always speaks plain HTTP to its clients. */
  url: string;
  /** `127.0.0.1:PORT` — use as the registry host in image references. */
  host: string;
  port: number;
  target: string;
  stats(): ProxyStats;
  /** Zero the counters and the log (rules keep their state). */
  reset(): void;
  /** Replace the rules; `[]` switches to pass-through. Rule counters and PRNGs restart. */
  setFaults(rules: FaultRule[], seed?: number): void;
  stop(): Promise<void>;
}

// Hop-by-hop headers are per connection and never forwarded (RFC 9110 section 7.6.1).
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'upgrade',
  'transfer-encoding',
]);

function copyHeaders(src: IncomingMessage['headers']): OutgoingHttpHeaders {
  const out: OutgoingHttpHeaders = {};
  for (const [k, v] of Object.entries(src)) if (v !== undefined && !HOP_BY_HOP.has(k)) out[k] = v;
  return out;
}

/** A registry-style error body, like distribution's own (`errors[].code`). */
function errorBody(status: number): string {
  const code = status === 429 ? 'TOOMANYREQUESTS' : status === 503 ? 'UNAVAILABLE' : 'UNKNOWN';
  return JSON.stringify({
    errors: [{ code, message: `fault injected by zuul-ts proxy: ${status}` }],
  });
}

function resetSocket(socket: Socket): void {
  // RST rather than FIN: the client sees ECONNRESET, as with a crashed middlebox.
  if (!socket.destroyed) socket.resetAndDestroy();
}

/**
 * A loopback HTTP proxy in front of one real registry that injects faults (HTTP statuses,
 * 429 + Retry-After, connection resets, delays) by rate or by request number, and counts
 * every request. Bodies are streamed in both directions (never buffered), and `Location` /
 * `Link` headers pointing at the registry are rewritten to the proxy.
 */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const targetOrigin = target.origin;
  const tls = target.protocol === 'https:';
  const agent = tls
    ? new HttpsAgent({ keepAlive: true, ca: options.ca })
    : new HttpAgent({ keepAlive: true });
  const send = tls ? httpsRequest : httpRequest;
  const recorder = new StatsRecorder();
  let plan = new FaultPlan(options.faults ?? [], options.seed ?? 1);
  let seq = 0;
  const delayed = new Set<NodeJS.Timeout>(); // requests held by a delay fault
  let proxyOrigin = '';

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    const info: RequestInfo = { n: ++seq, method, path, kind: classifyPath(path) };
    recorder.arrived(method, info.kind);
    const decision = plan.decide(info);
    recorder.injected(decision.labels);
    // Every request is logged exactly once, also when the client goes away mid-exchange.
    let logged = false;
    const done = (status: number) => {
      if (logged) return;
      logged = true;
      recorder.finished({ ...info, status, faults: decision.labels });
    };
    res.once('close', () => done(res.writableFinished ? res.statusCode : 0));
    const go = () => respond(req, res, info, decision, done);
    if (decision.delayMs > 0) {
      const timer = setTimeout(() => {
        delayed.delete(timer);
        go();
      }, decision.delayMs);
      delayed.add(timer);
    } else go();
  };

  const respond = (
    req: IncomingMessage,
    res: ServerResponse,
    info: RequestInfo,
    decision: Decision,
    done: (status: number) => void,
  ) => {
    const fault = decision.fault;
    if (req.socket.destroyed) return done(0);
    if (fault?.type === 'reset' && fault.phase !== 'mid-response') {
      resetSocket(req.socket);
      return done(0);
    }
    if (fault?.type === 'status') {
      const headers: OutgoingHttpHeaders = { 'content-type': 'application/json' };
      if (fault.retryAfter !== undefined) headers['retry-after'] = String(fault.retryAfter);
      req.resume(); // discard the request body
      res.writeHead(fault.status, headers).end(errorBody(fault.status));
      return done(fault.status);
    }
    const headers = copyHeaders(req.headers);
    headers.host = target.host;
    const upstream = send(
      {
        protocol: target.protocol,
        hostname: target.hostname,
        port: target.port,
        agent,
        method: info.method,
        path: info.path,
        headers,
      },
      (up) => {
        const out = copyHeaders(up.headers);
        if (typeof out.location === 'string')
          out.location = rewriteUrl(out.location, targetOrigin, proxyOrigin);
        if (typeof out.link === 'string')
          out.link = rewriteLink(out.link, targetOrigin, proxyOrigin);
        const status = up.statusCode ?? 502;
        if (fault?.type === 'reset') {
          // mid-response: the registry has acted; the client gets the status line, headers
          // and at most the first body chunk, then RST. Without a length the response stays
          // incomplete even when the registry's body is empty, so the client must see the cut.
          const cut = () => {
            up.destroy();
            resetSocket(req.socket);
          };
          done(status);
          if (info.method === 'HEAD') return cut(); // a HEAD response is complete at its headers
          delete out['content-length'];
          res.writeHead(status, out);
          up.once('data', (chunk: Buffer) => res.write(chunk, cut));
          up.once('end', () => res.write('', cut));
          return;
        }
        res.writeHead(status, out);
        up.pipe(res);
        up.on('error', () => resetSocket(req.socket));
        res.on('finish', () => done(status));
      },
    );
    upstream.on('error', (err) => {
      // The registry itself failed (e.g. killed): a gateway error, as a real proxy would say.
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({ errors: [{ code: 'UNKNOWN', message: `upstream: ${err.message}` }] }),
        );
        done(502);
      } else resetSocket(req.socket);
    });
    // Client went away before the exchange completed: abandon the upstream request.
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  };

  const server = createServer({ keepAliveTimeout: 30_000 }, handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  proxyOrigin = `http://127.0.0.1:${port}`;

  return {
    url: proxyOrigin,
    host: `127.0.0.1:${port}`,
    port,
    target: targetOrigin,
    stats: () => recorder.snapshot(),
    reset: () => recorder.reset(),
    setFaults(rules, seed) {
      plan = new FaultPlan(rules, seed ?? options.seed ?? 1);
    },
    async stop() {
      delayed.forEach((t) => clearTimeout(t));
      delayed.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      agent.destroy();
    },
  };
}
