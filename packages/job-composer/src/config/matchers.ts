import { Path, bool, checkKeys, dict, fail, list, str } from './validate';

/**
 * One regular expression of Zuul's matcher schema (zuul/lib/re2util.py ZuulRegex): a plain
 * string, or `{regex, negate}`. `negate` inverts the match.
 */
export interface RegexSpec {
  regex: string;
  negate: boolean;
}

/** Parses a scalar-or-list of regex specs (`branches`, `files`, `irrelevant-files`). */
export function regexList(v: unknown, path: Path): RegexSpec[] {
  return list(v).map((x, i) => regexSpec(x, Array.isArray(v) ? [...path, i] : path));
}

export function regexSpec(v: unknown, path: Path): RegexSpec {
  const spec =
    typeof v === 'string'
      ? { regex: v, negate: false }
      : (() => {
          const d = dict(v, path);
          checkKeys(d, new Set(['regex', 'negate']), path);
          return {
            regex: str(d.regex, [...path, 'regex']),
            negate: d.negate === undefined ? false : bool(d.negate, [...path, 'negate']),
          };
        })();
  try {
    compile(spec.regex);
  } catch (e) {
    fail(path, `invalid regular expression "${spec.regex}": ${(e as Error).message}`);
  }
  return spec;
}

const cache = new Map<string, RegExp>();
function compile(regex: string): RegExp {
  let re = cache.get(regex);
  if (!re) {
    re = new RegExp(`^(?:${regex})`);
    cache.set(regex, re);
  }
  return re;
}

/** Python's `re.match` (anchored at the start only), inverted when `negate`. */
export function regexMatches(spec: RegexSpec, subject: string): boolean {
  return compile(spec.regex).test(subject) !== spec.negate;
}

/** How Zuul prints a matcher regex (`__str__`), for `_inheritance_path` and messages. */
export function regexText(spec: RegexSpec): string {
  return spec.negate ? `{'regex': '${spec.regex}', 'negate': True}` : spec.regex;
}
