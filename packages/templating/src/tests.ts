/** Jinja and Ansible tests (`x is defined`, `is mapping`, `is match`, `is succeeded`, ...). */
import { versionTest } from './version-test';
import * as fs from 'node:fs';
import { bindArgs } from './kwargs';
import { pyRegex } from './pyregex';
import { PyDateTime } from './datetime';
import { TemplateError } from './errors';
import { LazyMapping } from './lazy';
import { pyCompare, pyIn } from './operators';
import { isDict, pyEquals, pyStr, pyTruthy } from './python';
import { PyUndefined, defined } from './undefined';
import { TestTable } from './filters/types';

function regexTest(mode: 'match' | 'search' | 'fullmatch') {
  return (value: unknown, ...args: unknown[]): boolean => {
    const { pattern, ignorecase, multiline } = bindArgs(
      args,
      ['pattern', 'ignorecase', 'multiline'],
      {
        pattern: '',
        ignorecase: false,
        multiline: false,
      },
    );
    let src = pyStr(pattern);
    if (mode === 'match') src = `^(?:${src})`;
    if (mode === 'fullmatch') src = `^(?:${src})$`;
    return pyRegex(src, { ignorecase: !!ignorecase, multiline: !!multiline }).test(
      pyStr(defined(value)),
    );
  };
}

const result = (v: unknown): Record<string, unknown> => {
  const d = defined(v);
  return isDict(d) ? d : {};
};
const failed = (v: unknown): boolean => pyTruthy(result(v).failed ?? false);
const changed = (v: unknown): boolean => pyTruthy(result(v).changed ?? false);
const skipped = (v: unknown): boolean => pyTruthy(result(v).skipped ?? false);

/** What Python's set() of a value holds: a string's characters, a dict's keys, a list's items. */
function members(v: unknown): unknown[] {
  const d = defined(v);
  if (typeof d === 'string') return [...d];
  if (isDict(d)) return Object.keys(d);
  return d as unknown[];
}

/** Python `set(a) <= set(b)`: both sides become sets, so lists and dicts inside are unhashable. */
function isSubset(a: unknown, b: unknown): boolean {
  const [ma, mb] = [members(a), members(b)];
  for (const x of [...ma, ...mb])
    if (Array.isArray(x) || isDict(x) || x instanceof LazyMapping)
      throw new TemplateError(`unhashable type: '${Array.isArray(x) ? 'list' : 'dict'}'`);
  return ma.every((x) => pyIn(x, mb));
}

const isNumber = (v: unknown): boolean => typeof v === 'number';
const isSeq = (v: unknown): boolean => typeof v === 'string' || Array.isArray(v) || isDict(v);

export const tests: TestTable = {
  defined: (v) => !(v instanceof PyUndefined),
  undefined: (v) => v instanceof PyUndefined,
  none: (v) => defined(v) === null || v === undefined,
  string: (v) => typeof defined(v) === 'string',
  mapping: (v) => isDict(defined(v)) || v instanceof LazyMapping,
  sequence: (v) => isSeq(defined(v)),
  iterable: (v) => isSeq(defined(v)),
  list: (v) => Array.isArray(defined(v)),
  number: (v) => isNumber(defined(v)) || typeof v === 'boolean', // bool is an int in Python
  integer: (v) => Number.isInteger(defined(v)) && typeof v === 'number',
  float: (v) => typeof defined(v) === 'number' && !Number.isInteger(v),
  boolean: (v) => typeof defined(v) === 'boolean',
  true: (v) => defined(v) === true,
  truthy: (v) => pyTruthy(v),
  falsy: (v) => !pyTruthy(v),
  null: (v) => defined(v) === null || v === undefined,
  false: (v) => defined(v) === false,
  callable: (v) => typeof defined(v) === 'function',
  datetime: (v) => defined(v) instanceof PyDateTime,
  // Python's str.islower()/isupper(): at least one cased character, none of the other case
  lower: (v) => {
    const s = pyStr(defined(v));
    return s !== s.toUpperCase() && s === s.toLowerCase();
  },
  upper: (v) => {
    const s = pyStr(defined(v));
    return s !== s.toLowerCase() && s === s.toUpperCase();
  },
  odd: (v) => Math.abs(Number(defined(v))) % 2 === 1,
  even: (v) => Number(defined(v)) % 2 === 0,
  divisibleby: (v, n) => Number(defined(v)) % Number(n) === 0,
  sameas: (v, o) => defined(v) === o,
  escaped: () => false,
  equalto: (a, b) => pyEquals(a, b),
  eq: (a, b) => pyEquals(a, b),
  '==': (a, b) => pyEquals(a, b),
  ne: (a, b) => !pyEquals(a, b),
  '!=': (a, b) => !pyEquals(a, b),
  lt: (a, b) => pyCompare('<', a, b),
  '<': (a, b) => pyCompare('<', a, b),
  lessthan: (a, b) => pyCompare('<', a, b),
  le: (a, b) => pyCompare('<=', a, b),
  '<=': (a, b) => pyCompare('<=', a, b),
  gt: (a, b) => pyCompare('>', a, b),
  '>': (a, b) => pyCompare('>', a, b),
  greaterthan: (a, b) => pyCompare('>', a, b),
  ge: (a, b) => pyCompare('>=', a, b),
  '>=': (a, b) => pyCompare('>=', a, b),
  in: (v, seq) => pyIn(v, seq),
  contains: (seq, v) => pyIn(v, seq),
  subset: (a, b) => isSubset(a, b),
  issubset: (a, b) => isSubset(a, b),
  superset: (a, b) => isSubset(b, a),
  issuperset: (a, b) => isSubset(b, a),
  any: (v) => (defined(v) as unknown[]).some(pyTruthy),
  all: (v) => (defined(v) as unknown[]).every(pyTruthy),
  match: regexTest('match'),
  search: regexTest('search'),
  regex: (value, ...args) => {
    const { match_type } = bindArgs(args, ['pattern', 'ignorecase', 'multiline', 'match_type'], {
      match_type: 'search',
    });
    return regexTest(
      match_type === 'match' ? 'match' : match_type === 'fullmatch' ? 'fullmatch' : 'search',
    )(value, ...args);
  },
  succeeded: (v) => !failed(v),
  success: (v) => !failed(v),
  successful: (v) => !failed(v),
  failed,
  failure: failed,
  changed,
  change: changed,
  skipped,
  skip: skipped,
  finished: (v) => pyTruthy(result(v).finished ?? true),
  started: (v) => pyTruthy(result(v).started ?? true),
  exists: (v) => fs.existsSync(pyStr(defined(v))),
  file: (v) => fs.existsSync(pyStr(defined(v))) && fs.statSync(pyStr(v)).isFile(),
  directory: (v) => fs.existsSync(pyStr(defined(v))) && fs.statSync(pyStr(v)).isDirectory(),
  link: (v) => {
    try {
      return fs.lstatSync(pyStr(defined(v))).isSymbolicLink();
    } catch {
      return false;
    }
  },
  abs: (v) => pyStr(defined(v)).startsWith('/'),
  version: versionTest,
  version_compare: versionTest,
};
