/** One error type for every registry failure; never carries credentials. */
export interface RegistryErrorInit {
  message: string;
  status?: number;
  codes?: string[];
  temporary?: boolean;
  retryAfter?: number;
  operation: string;
  reference?: string;
  cause?: unknown;
}

export class RegistryError extends Error {
  /** HTTP status, 0 for network-level failures. */
  readonly status: number;
  /** Registry `errors[].code` values (`MANIFEST_UNKNOWN`, `DENIED`, …). */
  readonly codes: string[];
  /** Worth retrying (408/429/5xx, connection resets, timeouts). */
  readonly temporary: boolean;
  /** Seconds from a `Retry-After` header. */
  readonly retryAfter?: number;
  /** What was being done (`GET manifest`, `PUT blob upload`, …). */
  readonly operation: string;
  /** The image reference concerned. */
  readonly reference?: string;

  constructor(init: RegistryErrorInit) {
    super(init.message);
    this.name = 'RegistryError';
    this.status = init.status ?? 0;
    this.codes = init.codes ?? [];
    this.temporary = init.temporary ?? false;
    this.retryAfter = init.retryAfter;
    this.operation = init.operation;
    this.reference = init.reference;
    if (init.cause !== undefined)
      Object.defineProperty(this, 'cause', { value: init.cause, enumerable: false });
  }

  hasCode(code: string): boolean {
    return this.codes.includes(code);
  }

  get notFound(): boolean {
    return this.status === 404;
  }
}

export const RETRYABLE_NET = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'EAI_AGAIN',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'ERR_STREAM_PREMATURE_CLOSE',
]);

/** Parses `Retry-After` (seconds or HTTP-date) into seconds. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const n = Number(value);
  if (Number.isFinite(n)) return Math.max(0, n);
  const t = Date.parse(value);
  return Number.isFinite(t) ? Math.max(0, (t - now) / 1000) : undefined;
}

/** Extracts `errors[].code` and a short message from a registry error body (JSON or not). */
export function decodeErrorBody(body: unknown): { codes: string[]; detail: string } {
  let text = '';
  if (Buffer.isBuffer(body)) text = body.toString('utf8');
  else if (typeof body === 'string') text = body;
  else if (body && typeof body === 'object') text = JSON.stringify(body);
  try {
    const parsed = JSON.parse(text) as { errors?: { code?: string; message?: string }[] };
    if (Array.isArray(parsed.errors)) {
      const codes = parsed.errors.map((e) => String(e.code ?? 'UNKNOWN'));
      const detail = parsed.errors.map((e) => `${e.code}: ${e.message ?? ''}`.trim()).join('; ');
      return { codes, detail };
    }
  } catch {
    // Non-JSON bodies: HTML from proxies, plain text from rate limiters.
  }
  return { codes: [], detail: text.replace(/\s+/g, ' ').trim().slice(0, 200) };
}
