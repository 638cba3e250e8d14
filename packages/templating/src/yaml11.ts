/**
 * YAML as Ansible reads it (PyYAML, YAML 1.1): `yes`/`no`/`on`/`off` (any of the three
 * casings) are booleans but `y`/`n` are strings, `0755` is octal, `1_000` and `1:20` are
 * integers, `<<` merges, a repeated key keeps the last value, and `!unsafe` marks a value that
 * is never templated. Dates stay text (PyYAML's date objects print the same). Built on the
 * `yaml` library's 1.1 schema with PyYAML's boolean set.
 */
import { stringifyNumber } from 'yaml/util';
import {
  LineCounter,
  isMap,
  isSeq,
  parseAllDocuments,
  parseDocument,
  type ScalarTag,
  type Tags,
} from 'yaml';
import { markUnsafe } from './unsafe';

const BOOL = 'tag:yaml.org,2002:bool';
const TIMESTAMP = 'tag:yaml.org,2002:timestamp';
const FLOAT = 'tag:yaml.org,2002:float';
const INT = 'tag:yaml.org,2002:int';

/** PyYAML's int resolver: 0b, 0x, leading-0 octal, `_` separators, base 60 (`08` is text). */
const PY_INT: ScalarTag = {
  tag: INT,
  default: true,
  identify: (v) => typeof v === 'number' && Number.isInteger(v),
  stringify: stringifyNumber,
  test: /^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/,
  resolve(s: string) {
    const t = s.replace(/_/g, '');
    const sign = t.startsWith('-') ? -1 : 1;
    const u = t.replace(/^[-+]/, '');
    if (u.startsWith('0b')) return sign * parseInt(u.slice(2), 2);
    if (u.startsWith('0x')) return sign * parseInt(u.slice(2), 16);
    if (u.includes(':')) return sign * u.split(':').reduce((acc, p) => acc * 60 + Number(p), 0);
    if (u.length > 1 && u.startsWith('0')) return sign * parseInt(u, 8);
    return sign * Number(u);
  },
};

/** PyYAML's float resolver (a lone `.` or `1.2.3` stays text). */
const PY_FLOAT: ScalarTag = {
  tag: FLOAT,
  default: true,
  identify: (v) => typeof v === 'number',
  stringify: stringifyNumber,
  test: /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/,
  resolve(s: string) {
    const t = s.replace(/_/g, '');
    if (/nan$/i.test(t)) return NaN;
    if (/inf$/i.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
    if (!t.includes(':')) return parseFloat(t);
    const sign = t.startsWith('-') ? -1 : 1;
    return (
      sign *
      t
        .replace(/^[-+]/, '')
        .split(':')
        .reduce((acc, part) => acc * 60 + parseFloat(part), 0)
    );
  },
};

const PY_BOOL: ScalarTag = {
  tag: BOOL,
  default: true,
  identify: (v) => typeof v === 'boolean',
  stringify: ({ value }) => (value ? 'true' : 'false'),
  test: /^(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$/,
  resolve: (s: string) => /^(?:yes|true|on)$/i.test(s),
};

export interface Yaml11Options {
  /** `wrap`: `!unsafe` values become templating `Unsafe` values; `plain` (default): as is. */
  unsafe?: 'wrap' | 'plain';
  /** More custom tags (e.g. Zuul's `!encrypted/pkcs1-oaep`). */
  tags?: Tags;
}

function customTags(opts: Yaml11Options) {
  const wrap = opts.unsafe === 'wrap';
  const unsafe = (['scalar', 'seq', 'map'] as const).map((kind) => ({
    tag: '!unsafe',
    collection: kind === 'scalar' ? undefined : kind,
    resolve: (node: unknown) => {
      const value = isMap(node) || isSeq(node) ? node.toJSON() : node;
      return wrap ? markUnsafe(value ?? '') : value;
    },
    identify: () => false,
  }));
  return (tags: Tags): Tags => [
    ...tags.filter(
      (t) => typeof t === 'string' || ![BOOL, TIMESTAMP, FLOAT, INT].includes(t.tag ?? ''),
    ),
    PY_BOOL,
    PY_INT,
    PY_FLOAT,
    ...(unsafe as Tags),
    ...(opts.tags ?? []),
  ];
}

/** The schema options that give PyYAML's scalar resolution, for parsing and for writing. */
export function yaml11Schema(opts: Yaml11Options = {}) {
  return { version: '1.1' as const, customTags: customTags(opts) };
}

function documentOf(text: string, opts: Yaml11Options, lineCounter?: LineCounter) {
  const doc = parseDocument(text, {
    ...yaml11Schema(opts),
    uniqueKeys: false,
    lineCounter,
  });
  if (doc.errors.length) throw doc.errors[0];
  return doc;
}

/** Parses one YAML document with PyYAML's semantics (throws the first syntax error). */
export function loadYaml11(text: string, opts: Yaml11Options = {}): unknown {
  return documentOf(text, opts).toJS({ maxAliasCount: -1 });
}

/** Parses every document of a YAML stream with PyYAML's semantics (throws the first error). */
export function loadAllYaml11(text: string, opts: Yaml11Options = {}): unknown[] {
  const docs = parseAllDocuments(text, { ...yaml11Schema(opts), uniqueKeys: false });
  if (!Array.isArray(docs)) return [];
  for (const doc of docs) if (doc.errors.length) throw doc.errors[0];
  return docs.map((doc) => doc.toJS({ maxAliasCount: -1 }));
}

/** Like loadYaml11, plus the 1-based line where each mapping/sequence of the result starts. */
export function loadYaml11Located(
  text: string,
  opts: Yaml11Options = {},
): { value: unknown; lines: WeakMap<object, number> } {
  const counter = new LineCounter();
  const doc = documentOf(text, opts, counter);
  const value: unknown = doc.toJS({ maxAliasCount: -1 });
  const lines = new WeakMap<object, number>();
  const walk = (node: unknown, v: unknown): void => {
    if (!v || typeof v !== 'object' || lines.has(v)) return;
    if (isMap(node)) {
      if (node.range) lines.set(v, counter.linePos(node.range[0]).line);
      for (const pair of node.items) {
        const key = (pair.key as { value?: unknown } | null)?.value;
        if (typeof key === 'string' && key in v)
          walk(pair.value, (v as Record<string, unknown>)[key]);
      }
    } else if (isSeq(node) && Array.isArray(v)) {
      if (node.range) lines.set(v, counter.linePos(node.range[0]).line);
      node.items.forEach((item, i) => walk(item, v[i]));
    }
  };
  walk(doc.contents, value);
  return { value, lines };
}
