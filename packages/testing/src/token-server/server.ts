import { randomBytes, timingSafeEqual } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer, IncomingMessage, ServerResponse } from 'node:http';
import { AccessEntry, grant, grantAllToUsers, GrantPolicy, parseScopes } from './scopes';
import { generateSigningKey, signJwt, SigningKey } from './signing-key';

export interface TokenServerOptions {
  /** `service` the tokens are for (the JWT `aud`); must equal the registry's config. */
  service?: string;
  /** `iss` of the tokens; must equal the registry's config. */
  issuer?: string;
  /** username → password accepted on the token endpoint (HTTP Basic or OAuth password grant). */
  users: Record<string, string>;
  /** What each user may do (default: users get all they ask for, anonymous nothing). */
  policy?: GrantPolicy;
  /** Token lifetime in seconds (default 300; the spec's minimum is 60). */
  expiresIn?: number;
  port?: number;
}

/** One token request as recorded (never with a password or token). */
export interface TokenRequest {
  method: 'GET' | 'POST';
  /** Authenticated username, `undefined` for anonymous. */
  user?: string;
  /** 200 (token issued), 400 (bad request) or 401 (bad credentials). */
  status: number;
  service?: string;
  scopes: string[];
  granted: AccessEntry[];
}

export interface TokenServer {
  /** `http://127.0.0.1:PORT/token` — the registry's `realm`. */
  realm: string;
  service: string;
  issuer: string;
  /** The certificate of the signing key: the registry's `rootcertbundle`. */
  certPath: string;
  requests(): TokenRequest[];
  reset(): void;
  stop(): Promise<void>;
}

function readBody(req: IncomingMessage, limit = 64 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
      if (body.length > limit) req.destroy(new Error('body too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function json(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/**
 * A small Docker registry token server (distribution `docs/spec/auth/token.md` and
 * `oauth.md`): GET with optional HTTP Basic (anonymous allowed), `offline_token=true` for a
 * refresh token, and the OAuth2 POST form (`password` and `refresh_token` grants). Tokens are
 * ES256 JWTs a real distribution 2.8 verifies against `certPath`.
 */
export async function startTokenServer(options: TokenServerOptions): Promise<TokenServer> {
  const service = options.service ?? 'zuul-ts-test-registry';
  const issuer = options.issuer ?? 'zuul-ts-test-issuer';
  const policy = options.policy ?? grantAllToUsers;
  const expiresIn = options.expiresIn ?? 300;
  const signer: SigningKey = generateSigningKey();
  const refreshTokens = new Map<string, string>(); // refresh token → username
  let log: TokenRequest[] = [];

  const checkUser = (user: string, password: string) =>
    Object.prototype.hasOwnProperty.call(options.users, user) &&
    sameSecret(options.users[user], password);

  const issue = (user: string | undefined, scopes: string[], offline: boolean) => {
    const granted = grant(user, parseScopes(scopes), policy);
    const now = Math.floor(Date.now() / 1000);
    const token = signJwt(
      {
        iss: issuer,
        sub: user ?? '',
        aud: service,
        exp: now + expiresIn,
        nbf: now - 10,
        iat: now,
        jti: randomBytes(12).toString('hex'),
        access: granted,
      },
      signer,
    );
    const body: Record<string, unknown> = {
      token,
      access_token: token,
      expires_in: expiresIn,
      issued_at: new Date(now * 1000).toISOString(),
    };
    if (offline && user) {
      const refresh = randomBytes(24).toString('base64url');
      refreshTokens.set(refresh, user);
      body.refresh_token = refresh;
    }
    return { body, granted };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://token');
    if (url.pathname !== '/token') return json(res, 404, { error: 'not found' });
    const record = (r: Omit<TokenRequest, 'method'>) =>
      log.push({ method: req.method === 'POST' ? 'POST' : 'GET', ...r });

    if (req.method === 'GET') {
      const scopes = url.searchParams.getAll('scope');
      const svc = url.searchParams.get('service') ?? undefined;
      let user: string | undefined;
      const auth = req.headers.authorization;
      if (auth) {
        const m = /^Basic\s+(.+)$/i.exec(auth);
        const [u, ...rest] = m ? Buffer.from(m[1], 'base64').toString().split(':') : [];
        if (!m || !checkUser(u, rest.join(':'))) {
          record({ status: 401, service: svc, scopes, granted: [] });
          res.setHeader('www-authenticate', 'Basic realm="zuul-ts-test-token"');
          return json(res, 401, { errors: [{ code: 'UNAUTHORIZED', message: 'bad credentials' }] });
        }
        user = u;
      }
      const offline = url.searchParams.get('offline_token') === 'true';
      const { body, granted } = issue(user, scopes, offline);
      record({ user, status: 200, service: svc, scopes, granted });
      return json(res, 200, body);
    }
    if (req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      const scopes = form.getAll('scope');
      const svc = form.get('service') ?? undefined;
      let user: string | undefined;
      const grantType = form.get('grant_type');
      if (grantType === 'password') {
        const u = form.get('username') ?? '';
        if (checkUser(u, form.get('password') ?? '')) user = u;
      } else if (grantType === 'refresh_token') {
        user = refreshTokens.get(form.get('refresh_token') ?? '');
      } else {
        record({ status: 400, service: svc, scopes, granted: [] });
        return json(res, 400, { error: 'unsupported_grant_type' });
      }
      if (!user) {
        record({ status: 401, service: svc, scopes, granted: [] });
        return json(res, 401, { error: 'invalid_grant' });
      }
      const { body, granted } = issue(user, scopes, form.get('access_type') === 'offline');
      record({ user, status: 200, service: svc, scopes, granted });
      return json(res, 200, body);
    }
    return json(res, 405, { error: 'method not allowed' });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) json(res, 500, { error: 'internal' });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as { port: number }).port;
  return {
    realm: `http://127.0.0.1:${port}/token`,
    service,
    issuer,
    certPath: signer.certPath,
    requests: () => structuredClone(log),
    reset: () => {
      log = [];
    },
    async stop() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      rmSync(signer.dir, { recursive: true, force: true });
    },
  };
}
