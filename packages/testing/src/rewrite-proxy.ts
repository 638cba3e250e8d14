import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback pass-through HTTP proxy whose answers a test can replace or rewrite: for registry
 * behaviours the fault proxy does not model (refusals by request header, answers without a
 * header). Everything not intercepted reaches `target` unchanged, streamed both ways.
 */
export interface RewriteProxyHooks {
  /** Answers the request itself instead of forwarding it; returns true when it did. */
  intercept?: (req: IncomingMessage, res: ServerResponse) => boolean;
  /** Rewrites the headers of a forwarded answer (a copy; the status and body are kept). */
  responseHeaders?: (req: IncomingMessage, headers: IncomingHttpHeaders) => IncomingHttpHeaders;
}

export interface RewriteProxy {
  /** `127.0.0.1:<port>` */
  host: string;
  stop(): Promise<void>;
}

export async function startRewriteProxy(
  target: string,
  hooks: RewriteProxyHooks = {},
): Promise<RewriteProxy> {
  const server = createServer((req, res) => {
    if (hooks.intercept?.(req, res)) return;
    const up = httpRequest(
      `${target}${req.url}`,
      { method: req.method, headers: req.headers },
      (r) => {
        const headers = hooks.responseHeaders
          ? hooks.responseHeaders(req, { ...r.headers })
          : r.headers;
        res.writeHead(r.statusCode ?? 502, headers);
        r.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    host: `127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

/** Drains the request and answers a registry-style error (`{errors: [{code, message}]}`). */
export function answerRegistryError(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
): true {
  req.resume();
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ errors: [{ code, message }] }));
  return true;
}

export interface ManifestRefusingProxy extends RewriteProxy {
  /** Manifest PUTs seen so far. */
  puts(): number;
  /** Manifest PUTs answered 400 MANIFEST_INVALID so far. */
  refused(): number;
}

/**
 * A pass-through proxy that answers chosen manifest PUTs with 400 MANIFEST_INVALID, as
 * distribution 2.8 does under racing PUTs or for a manifest it does not accept. `refuse` gets
 * the request and its 1-based number among the manifest PUTs.
 */
export async function startManifestRefusingProxy(
  target: string,
  refuse: (req: IncomingMessage, n: number) => boolean,
): Promise<ManifestRefusingProxy> {
  let puts = 0;
  let refused = 0;
  const proxy = await startRewriteProxy(target, {
    intercept: (req, res) => {
      if (req.method !== 'PUT' || !/\/manifests\//.test(req.url ?? '')) return false;
      if (!refuse(req, ++puts)) return false;
      refused++;
      return answerRegistryError(req, res, 400, 'MANIFEST_INVALID', 'manifest invalid');
    },
  });
  return { ...proxy, puts: () => puts, refused: () => refused };
}
