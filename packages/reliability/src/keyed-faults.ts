import type { Fault, FaultRule, RequestInfo } from '@zuul-ts/testing';

/**
 * A fault pattern decided by request identity, not arrival order: concurrent blob transfers
 * reach the proxy in a different order on every run, so a plain seeded `rate` would put the
 * faults on different requests each time. Here a request's key (method + path without upload
 * session ids and query) and how often that key was seen decide, through a seeded hash, whether
 * it fails — the same requests fail on every run, whatever the interleaving.
 */
export interface KeyedFaultOptions {
  seed: number;
  /** Fraction (0..1) of first attempts that fail. */
  rate: number;
  /** A key fails at most on its first `maxPerKey` attempts (default 2). */
  maxPerKey?: number;
  /** Faults cycled over (default 500, 502, 503, reset). */
  faults?: Fault[];
  /** Only these methods (default all). */
  methods?: string[];
  /** At most this many faults in total (a bound a role's attempt count can absorb). */
  limit?: number;
  /**
   * The first request always fails (default true): image digests differ between runs, so
   * the keyed draw alone could inject nothing into a short job.
   */
  failFirst?: boolean;
}

export const TRANSIENT_FAULTS: Fault[] = [
  { type: 'status', status: 500 },
  { type: 'status', status: 502 },
  { type: 'status', status: 503 },
  { type: 'reset' },
];

/** FNV-1a over the seed and key: a stable number in [0, 1). */
export function stableUnit(seed: number, key: string): number {
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h = (h ^ (h >>> 13)) >>> 0;
  h = Math.imul(h, 0x5bd1e995) >>> 0;
  h = (h ^ (h >>> 15)) >>> 0; // >>> 0: XOR yields a signed int
  return h / 4294967296;
}

/**
 * Upload session ids, query strings and the (per-run unique) repository name vary between
 * runs; the key keeps what is stable: method, route and manifest reference or blob digest.
 */
export function requestKey(req: Pick<RequestInfo, 'method' | 'path'>): string {
  const path = req.path
    .split('?')[0]
    .replace(/\/blobs\/uploads\/[^/]+$/, '/blobs/uploads/')
    .replace(/^\/v2\/.+?\/(manifests|blobs|tags)\//, '/v2/_/$1/');
  return `${req.method} ${path}`;
}

/** Proxy rules (one per fault type) implementing the keyed pattern. */
export function keyedFaults(opts: KeyedFaultOptions): FaultRule[] {
  const faults = opts.faults ?? TRANSIENT_FAULTS;
  const maxPerKey = opts.maxPerKey ?? 2;
  const seen = new Map<string, number>();
  const decided = new Map<number, number>(); // request number -> fault index or -1
  let injected = 0;
  const failFirst = opts.failFirst ?? true;
  const decide = (req: RequestInfo): number => {
    const known = decided.get(req.n);
    if (known !== undefined) return known;
    let choice = -1;
    if (!opts.methods || opts.methods.includes(req.method)) {
      const key = requestKey(req);
      const nth = (seen.get(key) ?? 0) + 1;
      seen.set(key, nth);
      const u = stableUnit(opts.seed, `${key}#${nth}`);
      const first = failFirst && decided.size === 0;
      const underLimit = opts.limit === undefined || injected < opts.limit;
      if (underLimit && nth <= maxPerKey && (first || u < opts.rate)) {
        choice = first ? 0 : Math.floor((u / opts.rate) * faults.length);
        injected++;
      }
    }
    decided.set(req.n, choice);
    return choice;
  };
  return faults.map((fault, i) => ({ fault, match: (req: RequestInfo) => decide(req) === i }));
}
