import { TemplateError } from './errors';
import { pyStr } from './python';

/**
 * Python's `str.split` / `str.rsplit` (`fromRight`): whitespace runs when `sep` is None,
 * `maxsplit` counted from the left (or right); an empty separator is an error, as in Python.
 * Shared by the `split` filter and the `.split()`/`.rsplit()` string methods.
 */
export function pySplit(s: string, sep: unknown, maxsplit: unknown, fromRight = false): string[] {
  const max = maxsplit === undefined || maxsplit === null ? -1 : Number(maxsplit);
  if (sep === undefined || sep === null) {
    const parts = s
      .trim()
      .split(/\s+/)
      .filter((p) => p !== '');
    if (max < 0 || parts.length <= max + 1) return parts;
    if (fromRight) {
      const keep = parts.slice(parts.length - max);
      const head = s
        .trimEnd()
        .slice(0, s.trimEnd().length - keep.join(' ').length)
        .trim();
      return [head, ...keep];
    }
    const out: string[] = [];
    let rest = s.trimStart();
    for (let i = 0; i < max; i++) {
      const m = /\s+/.exec(rest);
      if (!m) break;
      out.push(rest.slice(0, m.index));
      rest = rest.slice(m.index + m[0].length);
    }
    out.push(rest);
    return out;
  }
  const d = pyStr(sep);
  if (d === '') throw new TemplateError('empty separator');
  const all = s.split(d);
  if (max < 0 || all.length <= max + 1) return all;
  if (fromRight) return [all.slice(0, all.length - max).join(d), ...all.slice(all.length - max)];
  return [...all.slice(0, max), all.slice(max).join(d)];
}
