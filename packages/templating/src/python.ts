/**
 * Python value semantics for template expressions (Jinja runs on Python objects): str()/repr(),
 * truthiness and equality (operators are in operators.ts). JS values map to Python types:
 * null -> None, boolean -> bool, integer number -> int, other number -> float, string -> str,
 * array -> list, plain object -> dict.
 */
import { PyDateTime, PyTimedelta } from './datetime';
import { LazyMapping } from './lazy';
import { PyUndefined } from './undefined';

export type Dict = Record<string, unknown>;

/** Tuples are arrays tagged with this (non-enumerable) marker; `%` formatting needs the difference. */
const TUPLE = Symbol('tuple');

export function pyTuple(items: unknown[]): unknown[] {
  Object.defineProperty(items, TUPLE, { value: true, enumerable: false });
  return items;
}

export function isTuple(v: unknown): boolean {
  return Array.isArray(v) && (v as unknown as Record<symbol, unknown>)[TUPLE] === true;
}

export function isDict(v: unknown): v is Dict {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function pyType(v: unknown): string {
  if (v === null || v === undefined) return 'NoneType';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'string') return 'str';
  if (Array.isArray(v)) return 'list';
  if (v instanceof PyDateTime) return 'datetime';
  if (v instanceof PyTimedelta) return 'timedelta';
  if (v instanceof PyUndefined) return 'AnsibleUndefined';
  if (typeof v === 'function') return 'function';
  return isDict(v) ? 'dict' : 'object';
}

function floatRepr(n: number): string {
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  return String(n);
}

/** Python repr() of a str: single quotes unless the text has ' and no ". */
export function strRepr(s: string): string {
  const q = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of s) {
    if (ch === '\\') out += '\\\\';
    else if (ch === q) out += '\\' + q;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)
      out += '\\x' + ch.charCodeAt(0).toString(16).padStart(2, '0');
    else out += ch;
  }
  return q + out + q;
}

export function pyRepr(v: unknown): string {
  if (typeof v === 'string') return strRepr(v);
  if (isTuple(v))
    return (
      '(' + (v as unknown[]).map(pyRepr).join(', ') + ((v as unknown[]).length === 1 ? ',)' : ')')
    );
  if (Array.isArray(v)) return '[' + v.map(pyRepr).join(', ') + ']';
  if (isDict(v))
    return (
      '{' +
      Object.entries(v)
        .map(([k, x]) => `${strRepr(k)}: ${pyRepr(x)}`)
        .join(', ') +
      '}'
    );
  if (v instanceof PyDateTime) {
    const parts = [v.year, v.month, v.day, v.hour, v.minute];
    if (v.second || v.microsecond) parts.push(v.second);
    if (v.microsecond) parts.push(v.microsecond);
    return `datetime.datetime(${parts.join(', ')})`;
  }
  return pyStr(v);
}

/** Python str(). Undefined values fail (StrictUndefined). */
export function pyStr(v: unknown): string {
  if (v instanceof PyUndefined) v.fail();
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return 'None';
  if (v === true) return 'True';
  if (v === false) return 'False';
  if (typeof v === 'number') return floatRepr(v);
  if (Array.isArray(v) || isDict(v)) return pyRepr(v);
  if (v instanceof LazyMapping) return pyRepr(v.toDict());
  if (typeof v === 'function') return '<built-in method>'; // never JS source
  // YAML timestamps loaded as JS Dates: Python's date/datetime str()
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
  }
  return String(v);
}

/** Jinja/Python truthiness: '', 0, None, False, [], {} are false. */
export function pyTruthy(v: unknown): boolean {
  if (v instanceof PyUndefined) v.fail();
  if (v === null || v === undefined) return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isDict(v)) return Object.keys(v).length > 0;
  if (v instanceof LazyMapping) return v.keys().length > 0;
  if (v instanceof PyTimedelta) return v.totalMs !== 0;
  return Boolean(v);
}

/** Python ==: deep for lists/dicts, no string/number coercion (True == 1 holds, like Python). */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (a instanceof PyUndefined) a.fail();
  if (b instanceof PyUndefined) b.fail();
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (
    (typeof a === 'boolean' || typeof a === 'number') &&
    (typeof b === 'boolean' || typeof b === 'number')
  )
    return Number(a) === Number(b);
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => pyEquals(x, b[i]));
  if (isDict(a) && isDict(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && pyEquals(a[k], b[k]));
  }
  if (a instanceof PyDateTime && b instanceof PyDateTime) return a.wall === b.wall;
  if (a instanceof PyTimedelta && b instanceof PyTimedelta) return a.totalMs === b.totalMs;
  return a === b;
}
