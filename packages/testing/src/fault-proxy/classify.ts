/** What a registry request is about, derived from its path (distribution API v2 routes). */
export type RequestKind = 'base' | 'catalog' | 'manifest' | 'blob' | 'upload' | 'tags' | 'other';

const ROUTES: [RegExp, RequestKind][] = [
  [/^\/v2\/?$/, 'base'],
  [/^\/v2\/_catalog$/, 'catalog'],
  [/^\/v2\/.+\/manifests\/[^/]+$/, 'manifest'],
  [/^\/v2\/.+\/blobs\/uploads(\/[^/]*)?$/, 'upload'],
  [/^\/v2\/.+\/blobs\/[^/]+$/, 'blob'],
  [/^\/v2\/.+\/tags\/list$/, 'tags'],
];

/** Classifies a request path (query string ignored). */
export function classifyPath(path: string): RequestKind {
  const p = path.split('?')[0];
  for (const [re, kind] of ROUTES) if (re.test(p)) return kind;
  return 'other';
}

/**
 * mulberry32: a tiny seeded PRNG so that a fault rate gives the same decisions for the same
 * request sequence on every run (tests stay deterministic).
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
