/** Dict filters: combine (recursive, list_merge), dict2items/items2dict, dict, dictsort, items, attr, extract. */
import { TemplateError } from '../errors';
import { bindArgs, splitArgs } from '../kwargs';
import { attributeLookup, memberLookup } from '../methods';
import { Dict, isDict, pyEquals, pyStr, pyTruthy } from '../python';
import { defined } from '../undefined';
import { asDict, asList, cmp, sortKey } from './helpers';
import { FilterTable } from './types';

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

/** Ansible's flatten one level deep, dropping None and the strings 'None' and 'null'. */
const isNull = (d: unknown) => d === null || d === undefined || d === 'None' || d === 'null';
const flattenOnce = (terms: unknown[]): unknown[] =>
  terms
    .filter((d) => !isNull(d))
    .flatMap((d) => (Array.isArray(d) ? d.filter((x) => !isNull(x)) : [d]));

/** Ansible combine: nulls are skipped; no terms give {}, a single term is returned as is. */
function combine(value: unknown, ...args: unknown[]): unknown {
  const { pos, kw } = splitArgs(args);
  const terms = flattenOnce([value, ...pos]);
  if (terms.length === 1) return terms[0];
  const dicts = terms.map((d) => asDict(d, 'combine'));
  const recursive = kw.recursive === undefined ? false : pyTruthy(kw.recursive);
  const listMerge = kw.list_merge === undefined ? 'replace' : pyStr(kw.list_merge);
  return dicts.reduce<Dict>((acc, d) => merge(acc, d, recursive, listMerge), {});
}

export const dictFilters: FilterTable = {
  combine,
  /** Jinja `items`: a dict's (key, value) pairs. */
  items: (value) => Object.entries(asDict(value, 'items')),
  /** Jinja `attr`: attribute lookup by name (a dict's keys are items, not attributes). */
  attr: (value, name) => attributeLookup(value, pyStr(name)),
  /** Ansible `extract`: `keys | map('extract', container)`. */
  extract(value, container, morekeys) {
    let out = memberLookup(defined(container), value);
    const more = morekeys === undefined ? [] : Array.isArray(morekeys) ? morekeys : [morekeys];
    for (const k of more) out = memberLookup(out, k);
    return out;
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
      const [k, v] = [pyStr(key_name), pyStr(value_name)];
      if (!(k in d) || !(v in d))
        throw new TemplateError(
          `items2dict requires each dictionary in the list to contain the keys '${k}' and '${v}'`,
        );
      out[pyStr(d[k])] = d[v];
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
};
