/** List filters: unique, set algebra, flatten, zip, product, subelements, sort, reverse, min/max/sum, batch. */
import { bindArgs, splitArgs } from '../kwargs';
import { isDict, pyEquals, pyStr, pyTruthy } from '../python';
import { pyBinary } from '../operators';
import { PyUndefined, defined } from '../undefined';
import { asList, attrGetter, cmp, sortKey } from './helpers';
import { FilterTable } from './types';

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

export const listFilters: FilterTable = {
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
    // Python's sum: `+` of each item onto start (lists concatenate, str + int fails)
    return asList(value).reduce<unknown>((acc, x) => pyBinary('+', acc, get(x)), start);
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
  subelements(value, subkey, ...rest) {
    const { skip_missing } = bindArgs(rest, ['skip_missing'], { skip_missing: false });
    const out: unknown[] = [];
    for (const item of asList(value)) {
      if (pyTruthy(skip_missing) && isDict(item) && !(pyStr(subkey) in item)) continue;
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
