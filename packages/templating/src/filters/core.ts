/** Core Jinja/Ansible filters: default, mandatory, bool, ternary, type conversions, sizes. */
import { TemplateError } from '../errors';
import { LazyMapping } from '../lazy';
import { bindArgs } from '../kwargs';
import { isDict, pyRepr, pyStr, pyTruthy, pyType } from '../python';
import { PyUndefined, defined } from '../undefined';
import { FilterTable } from './types';

/** default(v, boolean=false): replaces undefined (and falsy values when boolean is true). */
function defaultFilter(value: unknown, ...args: unknown[]): unknown {
  const { default_value: dflt, boolean } = bindArgs(args, ['default_value', 'boolean'], {
    default_value: '',
    boolean: false,
  });
  if (value instanceof PyUndefined) return dflt;
  if (boolean && !pyTruthy(value)) return dflt;
  return value;
}

/**
 * Ansible's `bool` filter (to_bool): None and bools pass through; 'yes'/'on'/'1'/'true' in any
 * case, or the number 1, are True; anything else is False.
 */
export function toBool(value: unknown): boolean | null {
  value = defined(value);
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1;
  const s = pyStr(value).toLowerCase();
  return ['yes', 'on', '1', 'true'].includes(s);
}

function toInt(value: unknown, ...args: unknown[]): number {
  const { default: dflt, base } = bindArgs(args, ['default', 'base'], { default: 0, base: 10 });
  const v = defined(value);
  if (typeof v === 'number') return Math.trunc(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const s = v.trim().replace(/_/g, '');
    const b = Number(base);
    const digits =
      b === 16
        ? /^[+-]?(0x)?[0-9a-f]+$/i
        : b === 8
          ? /^[+-]?(0o)?[0-7]+$/i
          : b === 2
            ? /^[+-]?(0b)?[01]+$/i
            : /^[+-]?\d+$/;
    if (digits.test(s)) return parseInt(s.replace(/^([+-]?)0[xob]/i, '$1'), b);
    // Jinja's int filter falls back to float parsing ('3.7' -> 3)
    if (b === 10 && /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return Math.trunc(Number(s));
  }
  return Number(dflt);
}

function toFloat(value: unknown, ...args: unknown[]): number {
  const { default: dflt } = bindArgs(args, ['default'], { default: 0.0 });
  const v = defined(value);
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?\s*$/i.test(v))
    return Number(v);
  return Number(dflt);
}

export function toList(value: unknown): unknown[] {
  const v = defined(value);
  if (Array.isArray(v)) return [...v];
  if (typeof v === 'string') return [...v];
  if (isDict(v)) return Object.keys(v);
  if (v instanceof LazyMapping) return v.keys();
  throw new TemplateError(`'${pyType(v)}' object is not iterable`);
}

export function length(value: unknown): number {
  const v = defined(value);
  if (typeof v === 'string' || Array.isArray(v)) return v.length;
  if (isDict(v)) return Object.keys(v).length;
  if (v instanceof LazyMapping) return v.keys().length;
  throw new TemplateError(`object of type '${pyType(v)}' has no len()`);
}

/**
 * Python's round(x, p): correctly rounded from the exact binary value (2.675 -> 2.67), exact
 * halves to the even neighbour (2.5 -> 2). toFixed rounds the exact value too, but halves up.
 */
function pyRound(x: number, p: number): number {
  if (!Number.isFinite(x)) return x;
  const exact = Math.abs(x).toFixed(Math.min(100, p + 60));
  const dot = exact.indexOf('.');
  const rest = exact.slice(dot + 1 + p);
  if (/^50*$/.test(rest)) {
    const down = Number(exact.slice(0, dot + 1 + p).replace(/\.$/, ''));
    const lastDigit = Number(exact[dot + p] === '.' ? exact[dot - 1] : exact[dot + p]);
    const away = down + Math.pow(10, -p);
    const r = lastDigit % 2 === 0 ? down : Number(away.toFixed(p));
    return Math.sign(x) * r;
  }
  return Number(x.toFixed(p));
}

export const coreFilters: FilterTable = {
  default: defaultFilter,
  d: defaultFilter,
  mandatory(value, ...args) {
    const { msg } = bindArgs(args, ['msg'], { msg: null });
    if (value instanceof PyUndefined)
      throw new TemplateError(
        msg
          ? pyStr(msg)
          : `Mandatory variable ${value.variable ? `'${value.variable}' ` : ''}not defined.`,
        {
          variable: value.variable,
          undefinedVariable: true,
        },
      );
    return value;
  },
  bool: toBool,
  ternary(value, ...args) {
    const { true_val, false_val, none_val } = bindArgs(
      args,
      ['true_val', 'false_val', 'none_val'],
      {
        none_val: undefined,
      },
    );
    const v = defined(value);
    if ((v === null || v === undefined) && none_val !== undefined) return none_val;
    return pyTruthy(v) ? true_val : false_val;
  },
  string: (v) => pyStr(defined(v)),
  int: toInt,
  float: toFloat,
  list: toList,
  length,
  count: length,
  first(value) {
    const l = toList(value);
    return l.length ? l[0] : new PyUndefined('No first item, sequence was empty.');
  },
  last(value) {
    const l = toList(value);
    return l.length ? l[l.length - 1] : new PyUndefined('No last item, sequence was empty.');
  },
  join(value, ...args) {
    const { d, attribute } = bindArgs(args, ['d', 'attribute'], { d: '' });
    const items = toList(value).map((x) =>
      attribute === undefined
        ? x
        : isDict(x)
          ? (x as Record<string, unknown>)[pyStr(attribute)]
          : x,
    );
    return items.map((x) => pyStr(x)).join(pyStr(d));
  },
  type_debug: (v) => (v instanceof PyUndefined ? 'AnsibleUndefined' : pyType(v)),
  repr: (v) => pyRepr(defined(v)),
  abs: (v) => Math.abs(Number(defined(v))),
  round(value, ...args) {
    const { precision, method } = bindArgs(args, ['precision', 'method'], {
      precision: 0,
      method: 'common',
    });
    const p = Number(precision);
    const x = Number(defined(value));
    if (method === 'common' && Number.isInteger(p) && p >= 0 && p <= 20) return pyRound(x, p);
    const f = Math.pow(10, p);
    const n = x * f;
    const r = method === 'ceil' ? Math.ceil(n) : method === 'floor' ? Math.floor(n) : Math.round(n);
    return r / f;
  },
};
