import { readFileSync } from 'node:fs';
import {
  Document,
  LineCounter,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  parseDocument,
  type Node,
} from 'yaml';
import { yaml11Schema } from '@zuul-ts/templating';
import { ConfigProblem } from './errors';
import { EncryptedValue, TaggedValue } from './yaml-values';

/** One top-level list item of a config file, with a way to locate any path inside it. */
export interface RawStanza {
  value: unknown;
  line: number;
  /** 1-based line of the node at `path` inside this stanza (the stanza's line if not found). */
  lineOf(path: (string | number)[]): number;
}

export interface RawFile {
  file: string;
  stanzas: RawStanza[];
}

const ZUUL_TAGS = new Set(['!override', '!inherit', '!encrypted/pkcs1-oaep']);

/**
 * Reads a Zuul config file. Scalars, anchors, aliases and `<<` merge keys resolve as with
 * PyYAML's SafeLoader, which Zuul's loader is built on (zuul/lib/yamlutil.py): YAML 1.1, so
 * `voting: no` is false and `0x10` is 16, the same scalar rules as the Ansible side
 * (`yaml11Schema`). The file must be a list of one-key mappings.
 */
export function readConfigFile(file: string, problems: ConfigProblem[]): RawFile {
  const text = readFileSync(file, 'utf8');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, {
    ...yaml11Schema(),
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
  });
  const lineAt = (offset: number | undefined) =>
    offset === undefined ? 1 : lineCounter.linePos(offset).line;
  if (doc.errors.length > 0) {
    for (const e of doc.errors) {
      problems.push({
        file,
        line: lineAt(e.pos[0]),
        message: `YAML syntax error: ${e.message.split('\n')[0]}`,
      });
    }
    return { file, stanzas: [] };
  }
  for (const w of doc.warnings) {
    // Unresolved-tag warnings are expected for Zuul's own tags; others are real problems.
    if (w.code === 'TAG_RESOLVE_FAILED' && ZUUL_TAGS.has(tagOfWarning(w.message))) continue;
    if (w.code === 'TAG_RESOLVE_FAILED') {
      problems.push({ file, line: lineAt(w.pos[0]), message: `unknown YAML tag: ${w.message}` });
    }
  }
  const root = doc.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) {
    return { file, stanzas: [] };
  }
  if (!isSeq(root)) {
    problems.push({
      file,
      line: lineAt(root.range?.[0]),
      message: 'configuration must be a list of stanzas',
    });
    return { file, stanzas: [] };
  }
  const stanzas: RawStanza[] = [];
  for (const item of root.items) {
    const node = item as Node;
    const line = lineAt(node.range?.[0]);
    try {
      const value = toValue(node, doc, []);
      stanzas.push({
        value,
        line,
        lineOf: (path) => {
          const found = findNode(node, doc, path);
          return found ? lineAt(found.range?.[0]) : line;
        },
      });
    } catch (e) {
      problems.push({ file, line, message: (e as Error).message });
    }
  }
  return { file, stanzas };
}

function tagOfWarning(message: string): string {
  const m = /(![^\s]+)/.exec(message);
  return m ? m[1] : '';
}

function toValue(node: unknown, doc: Document, seen: unknown[]): unknown {
  if (isAlias(node)) {
    const target = node.resolve(doc);
    if (target === undefined) throw new Error(`unknown YAML alias *${node.source}`);
    if (seen.includes(target)) throw new Error(`recursive YAML alias *${node.source}`);
    return toValue(target, doc, [...seen, target]);
  }
  let value: unknown;
  const tag = (node as { tag?: string }).tag;
  if (isScalar(node)) {
    value = node.value;
  } else if (isSeq(node)) {
    value = node.items.map((i) => toValue(i, doc, seen));
  } else if (isMap(node)) {
    value = mapValue(node.items, doc, seen);
  } else if (node === null || node === undefined) {
    value = null;
  } else {
    throw new Error('unsupported YAML node');
  }
  if (tag === '!unsafe') {
    // Ansible's tag (yaml11Schema knows it); Zuul's loader has no constructor for it.
    throw new Error('unknown YAML tag: !unsafe');
  }
  if (tag === '!override' || tag === '!inherit') {
    return new TaggedValue(tag === '!override' ? 'override' : 'inherit', value);
  }
  if (tag === '!encrypted/pkcs1-oaep') {
    const chunks = Array.isArray(value) ? value : [value];
    if (!chunks.every((c) => typeof c === 'string')) {
      throw new Error('!encrypted/pkcs1-oaep value must be a string or a list of strings');
    }
    return new EncryptedValue((chunks as string[]).map((c) => c.replace(/\s+/g, '')));
  }
  return value;
}

function mapValue(items: unknown[], doc: Document, seen: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const merged: Record<string, unknown> = {};
  for (const pair of items) {
    if (!isPair(pair)) continue;
    const key = isScalar(pair.key) ? pair.key.value : toValue(pair.key, doc, seen);
    // Under YAML 1.1 the parser marks a merge key with a symbol, `Symbol(<<)`.
    const mergeKey = key === '<<' || (typeof key === 'symbol' && key.description === '<<');
    if (mergeKey && (isAlias(pair.value) || isMap(pair.value) || isSeq(pair.value))) {
      // YAML merge key (PyYAML SafeLoader supports it): earlier sources win, explicit keys win.
      const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
      for (const src of sources) {
        const v = toValue(src, doc, seen);
        if (typeof v !== 'object' || v === null || Array.isArray(v)) {
          throw new Error('YAML merge key << needs a mapping');
        }
        for (const [k, val] of Object.entries(v)) if (!(k in merged)) merged[k] = val;
      }
      continue;
    }
    out[String(key)] = toValue(pair.value, doc, seen);
  }
  return { ...merged, ...out };
}

function findNode(node: unknown, doc: Document, path: (string | number)[]): Node | undefined {
  let cur: unknown = node;
  for (const part of path) {
    if (isAlias(cur)) cur = cur.resolve(doc);
    if (isMap(cur)) {
      const pair = cur.items.find((p) => isScalar(p.key) && String(p.key.value) === String(part));
      if (!pair) return isMap(cur) ? (cur as Node) : undefined;
      cur = pair.value ?? pair.key;
    } else if (isSeq(cur) && typeof part === 'number') {
      const item = cur.items[part];
      if (item === undefined) return cur as Node;
      cur = item;
    } else {
      return cur as Node;
    }
  }
  return cur as Node;
}
