import { dumpYaml11 } from '@zuul-ts/templating';
import { isPlainObject } from '../config/yaml-values';

/** The items in order, each key kept once (its first occurrence). */
export function uniqueBy<T>(items: T[], key: (x: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((x) => {
    const k = key(x);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * The implicit role of a project (JobParser._makeImplicitRole): its short name without a
 * leading `ansible`/`role` prefix (`ansible-role-foo` -> `foo`), unless nothing would remain.
 */
export function implicitRoleName(project: string): string {
  const short = project.split('/').pop() ?? project;
  return short.replace(/^(ansible[-_.+]*)*(role[-_.+]*)*/, '') || short;
}

/**
 * An attribute value as the user wrote it, in one line of flow-style YAML (without the
 * `!override`/`!inherit` wrapper), for error messages.
 */
export function showValue(v: unknown): string {
  const plain =
    isPlainObject(v) && 'value' in v && Object.keys(v).every((k) => k === 'value' || k === 'mode')
      ? v.value
      : v;
  return dumpYaml11(plain, {
    collectionStyle: 'flow',
    flowCollectionPadding: false,
    blockQuote: false,
  }).trim();
}
