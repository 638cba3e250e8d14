import { isDict, pyStr } from '@zuul-ts/templating';

/** A value with its Python type name (`int`, `str`, `list`, ...) or an error. */
export interface Tagged {
  t: string;
  v?: unknown;
}

/** zuul-ts's value as the Python type Ansible would hold (a JS number is an int when whole). */
export function tag(v: unknown): Tagged {
  if (v === null || v === undefined) return { t: 'none' };
  if (typeof v === 'boolean') return { t: 'bool', v };
  if (typeof v === 'number')
    return Number.isInteger(v)
      ? { t: 'int', v }
      : { t: 'float', v: Number.isFinite(v) ? v : pyStr(v) };
  if (typeof v === 'string') return { t: 'str', v };
  if (Array.isArray(v)) return { t: 'list', v: v.map(tag) };
  if (isDict(v)) return { t: 'dict', v: Object.entries(v).map(([k, x]) => [tag(k), tag(x)]) };
  return { t: (v as object).constructor?.name ?? typeof v, v: pyStr(v) };
}

/** Value and type equal; two errors are equal whatever their messages. */
export function sameResult(a: Tagged, b: Tagged): boolean {
  if (a.t === 'error' || b.t === 'error') return a.t === b.t;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Short display of a tagged value for failure reports. */
export function show(x: Tagged): string {
  const plain = (y: Tagged): unknown => {
    if (y.t === 'list') return (y.v as Tagged[]).map(plain);
    if (y.t === 'dict')
      return Object.fromEntries(
        (y.v as [Tagged, Tagged][]).map(([k, v]) => [String(k.v), plain(v)]),
      );
    return y.v;
  };
  const s = `${y2(x)} ${JSON.stringify(plain(x))}`;
  return s.length > 200 ? `${s.slice(0, 200)}…` : s;
}

function y2(x: Tagged): string {
  return x.t;
}
