import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadYaml11 as load } from '@zuul-ts/templating';

/**
 * One differential entry: `template` is rendered as a task argument (any YAML value),
 * `when` evaluated as a conditional, `set_fact` stored as a fact (with set_fact's conversion
 * of 'true'/'false'/'yes'/'no') and read back with `{{ }}`; `loop` and `with_items` give the
 * list of items a task with that loop runs over.
 */
export interface Entry {
  id: string;
  kind: 'template' | 'when' | 'set_fact' | 'loop' | 'with_items';
  value: unknown;
}

/** The hand-written corpus: a YAML list of `{id, template|when|set_fact: value}`. */
export function corpusEntries(): Entry[] {
  const doc = load(readFileSync(join(__dirname, 'corpus.yaml'), 'utf8')) as Record<
    string,
    unknown
  >[];
  return doc.map((raw, i) => {
    const kind = (['template', 'when', 'set_fact', 'loop', 'with_items'] as const).find(
      (k) => k in raw,
    );
    if (!kind || typeof raw.id !== 'string') throw new Error(`corpus.yaml entry ${i}: bad entry`);
    return { id: raw.id, kind, value: raw[kind] };
  });
}
