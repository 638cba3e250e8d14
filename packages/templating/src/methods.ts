/**
 * Attribute access and Python methods on values, as Jinja on Python objects allows: `x.y`,
 * `x['y']`, `x.0`, negative list indices, `'a'.startswith(...)`, `.split()`, `.items()`,
 * `.keys()`, `.values()`, `d.get(k, default)`, `_old_tags.append(x)` (zuul-jobs mutates lists for
 * side effects), ... A missing key or attribute yields an undefined value (`'dict object' has no
 * attribute 'y'`) that fails when used, so `a.b is defined` and `a.b | default(v)` work.
 */
import { PyDateTime, PyTimedelta } from './datetime';
import { TemplateError } from './errors';
import { splitArgs } from './kwargs';
import { pySplit } from './pysplit';
import { LazyMapping } from './lazy';
import { pyLess } from './operators';
import { Dict, isDict, pyEquals, pyStr, pyType } from './python';
import { PyUndefined, defined } from './undefined';

type Method = (...args: unknown[]) => unknown;

function strip(s: string, chars: unknown, left: boolean, right: boolean): string {
  if (chars === undefined || chars === null) {
    if (left) s = s.replace(/^\s+/, '');
    if (right) s = s.replace(/\s+$/, '');
    return s;
  }
  const set = String(chars);
  let a = 0;
  let b = s.length;
  if (left) while (a < b && set.includes(s[a])) a++;
  if (right) while (b > a && set.includes(s[b - 1])) b--;
  return s.slice(a, b);
}

function strFormat(fmt: string, args: unknown[]): string {
  const { pos, kw } = splitArgs(args);
  let auto = 0;
  return fmt.replace(
    /\{\{|\}\}|\{([^{}!:]*)(?:![rs])?(?::([^{}]*))?\}/g,
    (m, field: string | undefined) => {
      if (m === '{{') return '{';
      if (m === '}}') return '}';
      const f = field ?? '';
      const v = f === '' ? pos[auto++] : /^\d+$/.test(f) ? pos[Number(f)] : kw[f];
      return pyStr(v);
    },
  );
}

const startsOrEnds = (s: string, x: unknown, ends: boolean): boolean => {
  const list = Array.isArray(x) ? x : [x];
  return list.some((p) => (ends ? s.endsWith(String(p)) : s.startsWith(String(p))));
};

const STR_METHODS: Record<string, (s: string, ...a: unknown[]) => unknown> = {
  startswith: (s, x) => startsOrEnds(s, x, false),
  endswith: (s, x) => startsOrEnds(s, x, true),
  split: (s, ...a) => {
    const { pos, kw } = splitArgs(a);
    return pySplit(s, pos[0] ?? kw.sep, pos[1] ?? kw.maxsplit);
  },
  rsplit: (s, ...a) => {
    const { pos, kw } = splitArgs(a);
    return pySplit(s, pos[0] ?? kw.sep, pos[1] ?? kw.maxsplit, true);
  },
  splitlines: (s) =>
    s.split(/\r\n|\r|\n/).filter((_, i, arr) => i < arr.length - 1 || arr[i] !== ''),
  strip: (s, c) => strip(s, c, true, true),
  lstrip: (s, c) => strip(s, c, true, false),
  rstrip: (s, c) => strip(s, c, false, true),
  lower: (s) => s.toLowerCase(),
  upper: (s) => s.toUpperCase(),
  capitalize: (s) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  title: (s) =>
    s
      .toLowerCase()
      .replace(/(^|[^a-zA-Z])([a-z])/g, (_m, a: string, b: string) => a + b.toUpperCase()),
  replace: (s, a, b, n) => {
    const parts = s.split(String(a));
    const count = n === undefined ? -1 : Number(n);
    if (count < 0 || parts.length - 1 <= count) return parts.join(String(b));
    return (
      parts.slice(0, count + 1).join(String(b)) + String(a) + parts.slice(count + 1).join(String(a))
    );
  },
  format: (s, ...a) => strFormat(s, a),
  join: (s, items) => (defined(items) as unknown[]).map((x) => pyStr(x)).join(s),
  find: (s, x) => s.indexOf(String(x)),
  rfind: (s, x) => s.lastIndexOf(String(x)),
  index: (s, x) => {
    const i = s.indexOf(String(x));
    if (i < 0) throw new TemplateError('substring not found');
    return i;
  },
  count: (s, x) => (String(x) === '' ? s.length + 1 : s.split(String(x)).length - 1),
  isdigit: (s) => /^\d+$/.test(s),
  isalpha: (s) => /^[A-Za-z]+$/.test(s),
  isalnum: (s) => /^[A-Za-z0-9]+$/.test(s),
  isspace: (s) => /^\s+$/.test(s),
  islower: (s) => s.toLowerCase() === s && /[a-z]/.test(s),
  isupper: (s) => s.toUpperCase() === s && /[A-Z]/.test(s),
  zfill: (s, w) =>
    s.startsWith('-') ? '-' + s.slice(1).padStart(Number(w) - 1, '0') : s.padStart(Number(w), '0'),
  ljust: (s, w, c) => s.padEnd(Number(w), c === undefined ? ' ' : String(c)),
  rjust: (s, w, c) => s.padStart(Number(w), c === undefined ? ' ' : String(c)),
  center: (s, w) => {
    const total = Math.max(0, Number(w) - s.length);
    const left = Math.floor(total / 2) + (total % 2 && Number(w) % 2 ? 1 : 0);
    return ' '.repeat(left) + s + ' '.repeat(total - left);
  },
  partition: (s, sep) => {
    const i = s.indexOf(String(sep));
    return i < 0 ? [s, '', ''] : [s.slice(0, i), String(sep), s.slice(i + String(sep).length)];
  },
  rpartition: (s, sep) => {
    const i = s.lastIndexOf(String(sep));
    return i < 0 ? ['', '', s] : [s.slice(0, i), String(sep), s.slice(i + String(sep).length)];
  },
  removeprefix: (s, p) => (s.startsWith(String(p)) ? s.slice(String(p).length) : s),
  removesuffix: (s, p) => (String(p) && s.endsWith(String(p)) ? s.slice(0, -String(p).length) : s),
  encode: (s) => s,
  decode: (s) => s,
};

const LIST_METHODS: Record<string, (l: unknown[], ...a: unknown[]) => unknown> = {
  append: (l, x) => {
    l.push(x);
    return null;
  },
  extend: (l, x) => {
    l.push(...(defined(x) as unknown[]));
    return null;
  },
  insert: (l, i, x) => {
    l.splice(Number(i), 0, x);
    return null;
  },
  pop: (l, i) => {
    if (l.length === 0) throw new TemplateError('pop from empty list');
    const idx = i === undefined ? l.length - 1 : Number(i) < 0 ? l.length + Number(i) : Number(i);
    return l.splice(idx, 1)[0];
  },
  remove: (l, x) => {
    const i = l.findIndex((y) => pyEquals(y, x));
    if (i < 0) throw new TemplateError('list.remove(x): x not in list');
    l.splice(i, 1);
    return null;
  },
  index: (l, x) => {
    const i = l.findIndex((y) => pyEquals(y, x));
    if (i < 0) throw new TemplateError('list.index(x): x not in list'); // value not echoed (may be secret)
    return i;
  },
  count: (l, x) => l.filter((y) => pyEquals(y, x)).length,
  copy: (l) => [...l],
  reverse: (l) => {
    l.reverse();
    return null;
  },
  sort: (l) => {
    l.sort((a, b) => (pyLess(a, b) ? -1 : pyLess(b, a) ? 1 : 0));
    return null;
  },
};

const DICT_METHODS: Record<string, (d: Dict, ...a: unknown[]) => unknown> = {
  get: (d, k, dflt) =>
    typeof k === 'string' && Object.prototype.hasOwnProperty.call(d, k) ? d[k] : (dflt ?? null),
  items: (d) => Object.entries(d),
  keys: (d) => Object.keys(d),
  values: (d) => Object.values(d),
  copy: (d) => ({ ...d }),
  update: (d, ...a) => {
    const { pos, kw } = splitArgs(a);
    if (pos[0] !== undefined) Object.assign(d, defined(pos[0]));
    Object.assign(d, kw);
    return null;
  },
  pop: (d, k, ...rest) => {
    const key = String(k);
    if (Object.prototype.hasOwnProperty.call(d, key)) {
      const v = d[key];
      delete d[key];
      return v;
    }
    if (rest.length) return rest[0];
    throw new TemplateError(`KeyError: ${key}`);
  },
  setdefault: (d, k, v) => {
    const key = String(k);
    if (!Object.prototype.hasOwnProperty.call(d, key)) d[key] = v ?? null;
    return d[key];
  },
};

function bind<T>(
  table: Record<string, (self: T, ...a: unknown[]) => unknown>,
  name: string,
  self: T,
) {
  const fn = table[name];
  return fn ? (...args: unknown[]) => fn(self, ...args) : undefined;
}

function indexList(l: unknown[] | string, key: number, what: string): unknown {
  const i = key < 0 ? l.length + key : key;
  if (!Number.isInteger(i) || i < 0 || i >= l.length)
    return new PyUndefined(`${what} object has no element ${key}`);
  return l[i];
}

/** A Python slice object, produced by `x[a:b:c]` (see preprocess.ts). */
export class PySliceKey {
  constructor(
    readonly start: unknown,
    readonly stop: unknown,
    readonly step: unknown,
  ) {}
}

export function memberLookup(obj: unknown, key: unknown): unknown {
  if (obj instanceof PyUndefined) return obj.attr();
  if (key instanceof PySliceKey) return pySlice(obj, key.start, key.stop, key.step);
  const k = typeof key === 'number' ? key : String(key);
  if (obj === null || obj === undefined)
    return new PyUndefined(`'None' has no attribute '${pyStr(k)}'`);
  if (Array.isArray(obj)) {
    if (typeof k === 'number' || /^-?\d+$/.test(k)) return indexList(obj, Number(k), 'list');
    return bind(LIST_METHODS, k, obj) ?? new PyUndefined(`'list object' has no attribute '${k}'`);
  }
  if (typeof obj === 'string') {
    if (typeof k === 'number' || /^-?\d+$/.test(k)) return indexList(obj, Number(k), 'str');
    return bind(STR_METHODS, k, obj) ?? new PyUndefined(`'str object' has no attribute '${k}'`);
  }
  if (obj instanceof LazyMapping) {
    const sk = String(k);
    if (obj.has(sk)) return obj.get(sk);
    const lazyMethods: Record<string, (...a: unknown[]) => unknown> = {
      keys: () => obj.keys(),
      items: () => obj.keys().map((key) => [key, obj.get(key)]),
      values: () => obj.keys().map((key) => obj.get(key)),
      get: (key, dflt) => (obj.has(String(key)) ? obj.get(String(key)) : (dflt ?? null)),
    };
    return lazyMethods[sk] ?? new PyUndefined(`'dict object' has no attribute '${sk}'`);
  }
  if (isDict(obj)) {
    const sk = String(k);
    if (Object.prototype.hasOwnProperty.call(obj, sk)) {
      const v = obj[sk];
      return v === undefined ? null : v;
    }
    return bind(DICT_METHODS, sk, obj) ?? new PyUndefined(`'dict object' has no attribute '${sk}'`);
  }
  if (obj instanceof PyDateTime || obj instanceof PyTimedelta) {
    const v = (obj as unknown as Record<string, unknown>)[String(k)];
    if (typeof v === 'function') return (...a: unknown[]) => (v as Method).apply(obj, a);
    if (v !== undefined) return v;
  }
  return new PyUndefined(`'${pyType(obj)} object' has no attribute '${pyStr(k)}'`);
}

/**
 * Jinja's `attr` filter: Python `getattr`, so only attributes (methods) count, never a dict's
 * keys or a list's indexes; anything else is undefined.
 */
export function attributeLookup(obj: unknown, name: string): unknown {
  if (isDict(obj)) return bind(DICT_METHODS, name, obj) ?? noAttribute('dict', name);
  if (obj instanceof LazyMapping)
    return ['keys', 'items', 'values', 'get'].includes(name)
      ? memberLookup(obj, name)
      : noAttribute('dict', name);
  if (Array.isArray(obj)) return bind(LIST_METHODS, name, obj) ?? noAttribute('list', name);
  if (typeof obj === 'string') return bind(STR_METHODS, name, obj) ?? noAttribute('str', name);
  return memberLookup(obj, name);
}

const noAttribute = (type: string, name: string) =>
  new PyUndefined(`'${type} object' has no attribute '${name}'`);

/** Python slicing `x[a:b:c]` on lists and strings. */
export function pySlice(obj: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  const v = defined(obj);
  if (!Array.isArray(v) && typeof v !== 'string')
    throw new TemplateError(`'${pyType(v)}' object is not subscriptable`);
  const n = v.length;
  const st = step === undefined || step === null ? 1 : Number(step);
  const norm = (x: unknown, dflt: number): number => {
    if (x === undefined || x === null) return dflt;
    let i = Number(x);
    if (i < 0) i += n;
    return st > 0 ? Math.min(Math.max(i, 0), n) : Math.min(Math.max(i, -1), n - 1);
  };
  const a = norm(start, st > 0 ? 0 : n - 1);
  const b = norm(stop, st > 0 ? n : -1);
  const out: unknown[] = [];
  for (let i = a; st > 0 ? i < b : i > b; i += st) out.push(v[i]);
  return typeof v === 'string' ? out.join('') : out;
}
