/**
 * Writing YAML that PyYAML (and so Ansible) reads back as the same value: strings that its
 * YAML 1.1 resolver would take for another type (`yes`, `1_000`, `0755`, `~`) are quoted, `y`/`n`
 * are not, repeated objects are written again instead of as anchors and aliases, and lines are
 * never folded.
 */
import { Document, Scalar, visit, type Tags, type ToStringOptions } from 'yaml';
import { yaml11Schema } from './yaml11';

const LOAD_SCHEMA = yaml11Schema();
/** Without the merge tag, a `<<` string stays a string that is written quoted. */
const SCHEMA = {
  version: LOAD_SCHEMA.version,
  customTags: (tags: Tags): Tags =>
    LOAD_SCHEMA.customTags(tags).filter(
      (t) => typeof t === 'string' || t.tag !== 'tag:yaml.org,2002:merge',
    ),
};

/** PyYAML writes control characters (a line break aside), line separators and BOM escaped. */
function needsEscapes(s: string): boolean {
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if ((c < 0x20 && c !== 0x0a) || (c >= 0x7f && c <= 0x9f)) return true;
    if (c === 0x2028 || c === 0x2029 || c === 0xfeff) return true;
  }
  return false;
}

/**
 * Plain text PyYAML quotes: the YAML 1.1 value key `=`, the merge key `<<`, document markers,
 * and timestamps (which this package's loader keeps as text, as Ansible prints them).
 */
const SINGLE_QUOTED =
  /^(?:=|<<|---|\.\.\.)$|^(?:---|\.\.\.)\s|^\d{4}-\d\d?-\d\d?(?:(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?)?$/;

function quoteStyle(scalar: Scalar, multilineQuoted: boolean): void {
  const v = scalar.value;
  if (typeof v !== 'string') return;
  if (needsEscapes(v) || (multilineQuoted && v.includes('\n'))) scalar.type = Scalar.QUOTE_DOUBLE;
  else if (SINGLE_QUOTED.test(v)) scalar.type = Scalar.QUOTE_SINGLE;
}

export interface DumpYaml11Options extends ToStringOptions {
  /** Mapping keys in sorted order (as PyYAML's `sort_keys`). */
  sortKeys?: boolean;
  /** `false`: multi-line text is one double-quoted scalar instead of a literal block. */
  blockQuote?: false | 'literal';
}

/** A YAML 1.1 document for `value` (one trailing newline). */
export function dumpYaml11(value: unknown, options: DumpYaml11Options = {}): string {
  const { sortKeys = false, ...toString } = options;
  const doc = new Document(value, {
    ...SCHEMA,
    aliasDuplicateObjects: false,
    sortMapEntries: sortKeys,
  });
  const multilineQuoted = options.blockQuote === false;
  visit(doc, { Scalar: (_key, scalar) => quoteStyle(scalar, multilineQuoted) });
  return doc.toString({ singleQuote: true, lineWidth: 0, ...toString });
}
