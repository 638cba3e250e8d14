import type { Readable } from 'node:stream';
import { RegistryError, decodeErrorBody } from './errors';
import type { HttpResponse, Method } from './transport';
import type { Credential } from './types';

type Send = (req: {
  method: Method;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  responseType: 'buffer';
  operation: string;
  reference?: string;
}) => Promise<HttpResponse<Buffer | Readable>>;

interface Entry {
  token: string;
  expires: number;
}

export interface TokenRequest {
  registry: string;
  realm: string;
  service?: string;
  scopes: string[];
  credential?: Credential;
  forceRefresh: boolean;
}

/**
 * Bearer tokens per registry + service + sorted scope set, reused until shortly before expiry
 * (distribution `docs/spec/auth/token.md`); concurrent requests share one fetch.
 */
export class TokenCache {
  private readonly cache = new Map<string, Promise<Entry>>();
  constructor(private readonly send: Send) {}

  async get(req: TokenRequest): Promise<string> {
    const key = `${req.registry}|${req.realm}|${req.service ?? ''}|${[...req.scopes].sort().join(' ')}`;
    const cached = this.cache.get(key);
    if (cached && !req.forceRefresh) {
      const e = await cached.catch(() => undefined);
      if (e && e.expires > Date.now()) return e.token;
    }
    const p = this.fetch(req);
    this.cache.set(key, p);
    p.catch(() => this.cache.delete(key));
    return (await p).token;
  }

  private async fetch(req: TokenRequest): Promise<Entry> {
    const c = req.credential;
    let res: HttpResponse<Buffer | Readable>;
    if (c?.identityToken) {
      // OAuth2 refresh-token grant (distribution `oauth.md`).
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: c.identityToken,
        client_id: 'zuul-ts',
        scope: req.scopes.join(' '),
      });
      if (req.service) form.set('service', req.service);
      res = await this.send({
        method: 'POST',
        url: req.realm,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        responseType: 'buffer',
        operation: 'token',
        reference: req.registry,
      });
    } else {
      const u = new URL(req.realm);
      if (req.service) u.searchParams.set('service', req.service);
      for (const s of req.scopes) u.searchParams.append('scope', s);
      const headers: Record<string, string> = {};
      if (c?.username)
        headers.authorization =
          'Basic ' + Buffer.from(`${c.username}:${c.password ?? ''}`).toString('base64');
      res = await this.send({
        method: 'GET',
        url: u.toString(),
        headers,
        responseType: 'buffer',
        operation: 'token',
        reference: req.registry,
      });
    }
    const body = res.data as Buffer;
    if (res.status !== 200) {
      const { codes, detail } = decodeErrorBody(body);
      throw new RegistryError({
        message: `token request for ${req.registry} failed: HTTP ${res.status}${
          res.status === 401 ? ' (credentials rejected)' : ''
        }${detail ? ` ${detail}` : ''}`,
        status: res.status,
        codes,
        temporary: res.status >= 500 || res.status === 429,
        operation: 'token',
        reference: req.registry,
      });
    }
    const json = JSON.parse(body.toString('utf8')) as {
      token?: string;
      access_token?: string;
      expires_in?: number;
      issued_at?: string;
    };
    const token = json.token ?? json.access_token;
    if (!token)
      throw new RegistryError({
        message: `token response for ${req.registry} has no token`,
        operation: 'token',
        reference: req.registry,
      });
    const expiresIn = Math.max(60, json.expires_in ?? 60);
    const issued = json.issued_at ? Date.parse(json.issued_at) : NaN;
    const start = Number.isFinite(issued) ? Math.min(issued, Date.now()) : Date.now();
    return { token, expires: start + (expiresIn - 10) * 1000 };
  }
}
