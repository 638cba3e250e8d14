/**
 * The Python type each filter and test needs for its input: Ansible fails with a TypeError
 * where JS would coerce (`5000 | basename`, `'42' | abs`, `'x' is odd`). Checked once, for
 * every filter/test listed, before it runs.
 */
import { TemplateError } from './errors';
import { LazyMapping } from './lazy';
import { isDict, pyType } from './python';

type Check = [string, (v: unknown) => boolean];

const text: Check = ['str', (v) => typeof v === 'string'];
const number: Check = ['int or float', (v) => typeof v === 'number' || typeof v === 'boolean'];
const list: Check = ['list', (v) => Array.isArray(v)];
const sized: Check = [
  'a sized value',
  (v) => typeof v === 'string' || Array.isArray(v) || isDict(v) || v instanceof LazyMapping,
];

const FILTER_INPUT: Record<string, Check> = {
  split: text,
  basename: text,
  dirname: text,
  splitext: text,
  expanduser: text,
  realpath: text,
  indent: text,
  from_json: text,
  abs: number,
  round: number,
  items2dict: list,
  union: list,
  symmetric_difference: list,
  truncate: sized,
};

const TEST_INPUT: Record<string, Check> = {
  odd: number,
  even: number,
  divisibleby: number,
  subset: sized,
  superset: sized,
};

function check(table: Record<string, Check>, kind: string, name: string, value: unknown): void {
  const c = table[name];
  if (c && !c[1](value))
    throw new TemplateError(`${kind} '${name}' expects ${c[0]}, got ${pyType(value)}`);
}

export const checkFilterInput = (name: string, v: unknown) =>
  check(FILTER_INPUT, 'filter', name, v);
export const checkTestInput = (name: string, v: unknown) => check(TEST_INPUT, 'test', name, v);
