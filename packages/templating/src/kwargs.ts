/** Nunjucks passes `f(a, k=v)` as `f(a, {k: v, __keywords: true})`; split them apart. */
export type Kwargs = Record<string, unknown>;

export function isKwargs(v: unknown): v is Kwargs {
  return typeof v === 'object' && v !== null && (v as Record<string, unknown>).__keywords === true;
}

export function splitArgs(args: unknown[]): { pos: unknown[]; kw: Kwargs } {
  const last = args[args.length - 1];
  if (isKwargs(last)) {
    const kw: Kwargs = { ...last };
    delete kw.__keywords;
    return { pos: args.slice(0, -1), kw };
  }
  return { pos: args, kw: {} };
}

/** Python-style parameter binding: positional first, then keywords, then defaults. */
export function bindArgs(args: unknown[], names: string[], defaults: Kwargs = {}): Kwargs {
  const { pos, kw } = splitArgs(args);
  const out: Kwargs = { ...defaults };
  names.forEach((n, i) => {
    if (i < pos.length) out[n] = pos[i];
  });
  for (const [k, v] of Object.entries(kw)) out[k] = v;
  return out;
}
