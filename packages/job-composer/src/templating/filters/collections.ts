/** List and dict filters: combine, dict2items, select/reject(attr), map, set algebra, flatten, zip... */
import { TemplateError } from '../errors';
import { bindArgs, splitArgs } from '../kwargs';
import { memberLookup } from '../methods';
import { Dict, isDict, pyEquals, pyLess, pyStr, pyTruthy, pyType } from '../python';
import { PyUndefined, defined } from '../undefined';
import { toList } from './core';
import { FilterFn, FilterTable, TestFn } from './types';

/** Resolved lazily to avoid an import cycle: the environment's test and filter registries. */
export interface Registry {
  test(name: string): TestFn;
  filter(name: string): FilterFn;
}
let registry: Registry | undefined;
export function setRegistry(r: Registry): void {
  registry = r;
}

const asList = (v: unknown): unknown[] => toList(v);

function asDict(v: unknown, what: string): Dict {
  const d = defined(v);
  if (!isDict(d)) throw new TemplateError(`${what} expects dictionaries, got ${pyType(d)}`);
  return d;
}

/** Dotted attribute path (`a.b.0`) as Jinja's make_attrgetter. */
function attrGetter(attr: unknown): (item: unknown) => unknown {
  const parts = pyStr(attr).split('.');
  return (item) =>
    parts.reduce<unknown>((o, p) => memberLookup(o, /^\d+$/.test(p) ? Number(p) : p), item);
}

/** Ansible combine: later dicts win; recursive merges dicts; list_merge for lists. */
function merge(a: Dict, b: Dict, recursive: boolean, listMerge: string): Dict {
  const out: Dict = { ...a };
  for (const [k, bv] of Object.entries(b)) {
    const av = out[k];
    if (recursive && isDict(av) && isDict(bv)) out[k] = merge(av, bv, recursive, listMerge);
    else if (Array.isArray(av) && Array.isArray(bv) && listMerge !== 'replace') {
      switch (listMerge) {
        case 'keep':
          break;
        case 'append':
          out[k] = [...av, ...bv];
          break;
        case 'prepend':
          out[k] = [...bv, ...av];
          break;
        case 'append_rp':
          out[k] = [...av.filter((x) => !bv.some((y) => pyEquals(x, y))), ...bv];
          break;
        case 'prepend_rp':
          out[k] = [...bv, ...av.filter((x) => !bv.some((y) => pyEquals(x, y)))];
          break;
        default:
          throw new TemplateError(`combine: unknown list_merge option '${listMerge}'`);
      }
    } else out[k] = bv;
  }
  return out;
}

function combine(value: unknown, ...args: unknown[]): Dict {
  const { pos, kw } = splitArgs(args);
  const dicts = [value, ...pos]
    .flatMap((d) => (Array.isArray(d) ? d : [d]))
    .map((d) => asDict(d, 'combine'));
  const recursive = kw.recursive === undefined ? false : pyTruthy(kw.recursive);
  const listMerge = kw.list_merge === undefined ? 'replace' : pyStr(kw.list_merge);
  return dicts.reduce<Dict>((acc, d) => merge(acc, d, recursive, listMerge), {});
}

function testArgs(args: unknown[]): { test: TestFn; rest: unknown[] } {
  const name = args.length ? pyStr(args[0]) : undefined;
  if (!registry) throw new Error('templating registry not initialised');
  if (name === undefined) return { test: (v) => pyTruthy(v), rest: [] };
  return { test: registry.test(name), rest: args.slice(1) };
}

function selectBy(value: unknown, args: unknown[], attr: boolean, keep: boolean): unknown[] {
  const items = asList(value);
  const get = attr ? attrGetter(args[0]) : (x: unknown) => x;
  const { test, rest } = testArgs(attr ? args.slice(1) : args);
  return items.filter((item) => test(get(item), ...rest) === keep);
}

function uniq(items: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const x of items) if (!out.some((y) => pyEquals(x, y))) out.push(x);
  return out;
}

const contains = (l: unknown[], x: unknown): boolean => l.some((y) => pyEquals(x, y));

function flatten(items: unknown[], levels: number | null, skipNulls: boolean): unknown[] {
  const out: unknown[] = [];
  for (const x of items) {
    if (skipNulls && (x === null || x === 'None')) continue;
    if (Array.isArray(x) && (levels === null || levels > 0))
      out.push(...flatten(x, levels === null ? null : levels - 1, skipNulls));
    else out.push(x);
  }
  return out;
}

function sortKey(attribute: unknown, caseSensitive: boolean): (x: unknown) => unknown {
  const get =
    attribute === undefined || attribute === null ? (x: unknown) => x : attrGetter(attribute);
  return (x) => {
    const v = get(x);
    return !caseSensitive && typeof v === 'string' ? v.toLowerCase() : v;
  };
}

function cmp(a: unknown, b: unknown): number {
  return pyLess(a, b) ? -1 : pyLess(b, a) ? 1 : 0;
}

export const collectionFilters: FilterTable = {
  combine,
  /** Jinja `items`: a dict's (key, value) pairs. */
  items: (value) => Object.entries(asDict(value, 'items')),
  /** Jinja `attr`: attribute lookup by name. */
  attr: (value, name) => memberLookup(value, pyStr(name)),
  /** Ansible `extract`: `keys | map('extract', container)`. */
  extract(value, container, morekeys) {
    let out = memberLookup(defined(container), value);
    const more = morekeys === undefined ? [] : Array.isArray(morekeys) ? morekeys : [morekeys];
    for (const k of more) out = memberLookup(out, k);
    return out;
  },
  /** Jinja `groupby`: sorted list of (grouper, items) pairs. */
  groupby(value, ...args) {
    const { attribute, default: dflt } = bindArgs(args, ['attribute', 'default'], {
      default: undefined,
    });
    const get = attrGetter(attribute);
    const groups: Array<[unknown, unknown[]]> = [];
    for (const item of asList(value)) {
      let key = get(item);
      if (key instanceof PyUndefined && dflt !== undefined) key = dflt;
      const g = groups.find(([k]) => pyEquals(k, key));
      if (g) g[1].push(item);
      else groups.push([key, [item]]);
    }
    return groups.sort((a, b) => cmp(a[0], b[0]));
  },
  dict2items(value, ...args) {
    const { key_name, value_name } = bindArgs(args, ['key_name', 'value_name'], {
      key_name: 'key',
      value_name: 'value',
    });
    return Object.entries(asDict(value, 'dict2items')).map(([k, v]) => ({
      [pyStr(key_name)]: k,
      [pyStr(value_name)]: v,
    }));
  },
  items2dict(value, ...args) {
    const { key_name, value_name } = bindArgs(args, ['key_name', 'value_name'], {
      key_name: 'key',
      value_name: 'value',
    });
    const out: Dict = {};
    for (const item of asList(value)) {
      const d = asDict(item, 'items2dict');
      out[pyStr(d[pyStr(key_name)])] = d[pyStr(value_name)];
    }
    return out;
  },
  dict(value) {
    const out: Dict = {};
    for (const pair of asList(value)) {
      const p = asList(pair);
      out[pyStr(p[0])] = p[1];
    }
    return out;
  },
  dictsort(value, ...args) {
    const { case_sensitive, by, reverse } = bindArgs(args, ['case_sensitive', 'by', 'reverse'], {
      case_sensitive: false,
      by: 'key',
      reverse: false,
    });
    const idx = by === 'value' ? 1 : 0;
    const key = sortKey(undefined, !!case_sensitive);
    const out = Object.entries(asDict(value, 'dictsort')).sort((a, b) =>
      cmp(key(a[idx]), key(b[idx])),
    );
    return reverse ? out.reverse() : out;
  },
  selectattr: (v, ...a) => selectBy(v, a, true, true),
  rejectattr: (v, ...a) => selectBy(v, a, true, false),
  select: (v, ...a) => selectBy(v, a, false, true),
  reject: (v, ...a) => selectBy(v, a, false, false),
  map(value, ...args) {
    const items = asList(value);
    const { pos, kw } = splitArgs(args);
    if (kw.attribute !== undefined) {
      const get = attrGetter(kw.attribute);
      return items.map((x) => {
        const v = get(x);
        return v instanceof PyUndefined && 'default' in kw ? kw.default : v;
      });
    }
    if (!pos.length) throw new TemplateError('map requires a filter name or attribute=');
    if (!registry) throw new Error('templating registry not initialised');
    const f = registry.filter(pyStr(pos[0]));
    const rest = pos.slice(1);
    const kwTail = Object.keys(kw).length ? [{ ...kw, __keywords: true }] : [];
    return items.map((x) => f(x, ...rest, ...kwTail));
  },
  unique(value, ...args) {
    const { case_sensitive, attribute } = bindArgs(args, ['case_sensitive', 'attribute'], {
      case_sensitive: false,
      attribute: null,
    });
    if (attribute === null && case_sensitive) return uniq(asList(value));
    const key = sortKey(attribute, !!case_sensitive);
    const out: unknown[] = [];
    const seen: unknown[] = [];
    for (const x of asList(value)) {
      const k = key(x);
      if (!contains(seen, k)) {
        seen.push(k);
        out.push(x);
      }
    }
    return out;
  },
  union: (a, b) => uniq([...asList(a), ...asList(b)]),
  intersect: (a, b) => {
    const bl = asList(b);
    return uniq(asList(a).filter((x) => contains(bl, x)));
  },
  difference: (a, b) => {
    const bl = asList(b);
    return uniq(asList(a).filter((x) => !contains(bl, x)));
  },
  symmetric_difference: (a, b) => {
    const al = asList(a);
    const bl = asList(b);
    return uniq([...al.filter((x) => !contains(bl, x)), ...bl.filter((x) => !contains(al, x))]);
  },
  flatten(value, ...args) {
    const { levels, skip_nulls } = bindArgs(args, ['levels', 'skip_nulls'], {
      levels: null,
      skip_nulls: true,
    });
    return flatten(asList(value), levels === null ? null : Number(levels), pyTruthy(skip_nulls));
  },
  zip(value, ...others) {
    const lists = [asList(value), ...splitArgs(others).pos.map(asList)];
    const n = Math.min(...lists.map((l) => l.length));
    return Array.from({ length: n }, (_, i) => lists.map((l) => l[i]));
  },
  zip_longest(value, ...others) {
    const { pos, kw } = splitArgs(others);
    const lists = [asList(value), ...pos.map(asList)];
    const n = Math.max(...lists.map((l) => l.length));
    const fill = kw.fillvalue ?? null;
    return Array.from({ length: n }, (_, i) => lists.map((l) => (i < l.length ? l[i] : fill)));
  },
  sort(value, ...args) {
    const { reverse, case_sensitive, attribute } = bindArgs(
      args,
      ['reverse', 'case_sensitive', 'attribute'],
      {
        reverse: false,
        case_sensitive: false,
        attribute: null,
      },
    );
    const key = sortKey(attribute, !!case_sensitive);
    const out = asList(value).sort((a, b) => cmp(key(a), key(b)));
    return reverse ? out.reverse() : out;
  },
  reverse(value) {
    const v = defined(value);
    if (typeof v === 'string') return [...v].reverse().join('');
    return asList(v).reverse();
  },
  min(value, ...args) {
    const { attribute } = bindArgs(args, ['attribute'], { attribute: null });
    const key = sortKey(attribute, false);
    const l = asList(value);
    return l.length
      ? l.reduce((m, x) => (cmp(key(x), key(m)) < 0 ? x : m))
      : new PyUndefined('No aggregated item, sequence was empty.');
  },
  max(value, ...args) {
    const { attribute } = bindArgs(args, ['attribute'], { attribute: null });
    const key = sortKey(attribute, false);
    const l = asList(value);
    return l.length
      ? l.reduce((m, x) => (cmp(key(x), key(m)) > 0 ? x : m))
      : new PyUndefined('No aggregated item, sequence was empty.');
  },
  sum(value, ...args) {
    const { attribute, start } = bindArgs(args, ['attribute', 'start'], {
      attribute: null,
      start: 0,
    });
    const get = attribute === null ? (x: unknown) => x : attrGetter(attribute);
    return asList(value).reduce<number>((acc, x) => acc + Number(get(x)), Number(start));
  },
  batch(value, size, fill) {
    const l = asList(value);
    const n = Number(size);
    const out: unknown[][] = [];
    for (let i = 0; i < l.length; i += n) out.push(l.slice(i, i + n));
    if (fill !== undefined && out.length && out[out.length - 1].length < n)
      while (out[out.length - 1].length < n) out[out.length - 1].push(fill);
    return out;
  },
  subelements(value, subkey) {
    const out: unknown[] = [];
    for (const item of asList(value)) {
      const sub = attrGetter(subkey)(item);
      for (const s of asList(sub)) out.push([item, s]);
    }
    return out;
  },
  product(value, ...others) {
    const lists = [asList(value), ...splitArgs(others).pos.map(asList)];
    return lists.reduce<unknown[][]>((acc, l) => acc.flatMap((p) => l.map((x) => [...p, x])), [[]]);
  },
};
