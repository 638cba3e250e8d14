/** Shared helpers of the collection filters. */
import { TemplateError } from '../errors';
import { memberLookup } from '../methods';
import { pyLess } from '../operators';
import { Dict, isDict, pyStr, pyType } from '../python';
import { defined } from '../undefined';
import { toList } from './core';

export const asList = (v: unknown): unknown[] => toList(v);

export function asDict(v: unknown, what: string): Dict {
  const d = defined(v);
  if (!isDict(d)) throw new TemplateError(`${what} expects dictionaries, got ${pyType(d)}`);
  return d;
}

/** Dotted attribute path (`a.b.0`) as Jinja's make_attrgetter. */
export function attrGetter(attr: unknown): (item: unknown) => unknown {
  const parts = pyStr(attr).split('.');
  return (item) =>
    parts.reduce<unknown>((o, p) => memberLookup(o, /^\d+$/.test(p) ? Number(p) : p), item);
}

export function sortKey(attribute: unknown, caseSensitive: boolean): (x: unknown) => unknown {
  const get =
    attribute === undefined || attribute === null ? (x: unknown) => x : attrGetter(attribute);
  return (x) => {
    const v = get(x);
    return !caseSensitive && typeof v === 'string' ? v.toLowerCase() : v;
  };
}

export function cmp(a: unknown, b: unknown): number {
  return pyLess(a, b) ? -1 : pyLess(b, a) ? 1 : 0;
}
