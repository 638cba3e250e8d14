/**
 * Jinja's `wordwrap`: each line of the text wrapped by Python's textwrap.wrap (tabs and other
 * whitespace kept, whitespace at line breaks dropped, long words broken, hyphenated words split
 * after the hyphen), the lines joined by `wrapstring` (default "\n").
 * https://github.com/python/cpython/blob/3.11/Lib/textwrap.py
 */
import { TemplateError } from '../errors';
import { bindArgs } from '../kwargs';
import { pyStr, pyTruthy } from '../python';
import { defined } from '../undefined';
import { FilterTable } from './types';

const WS = '[\\t\\n\\x0b\\x0c\\r ]';
const NWS = '[^\\t\\n\\x0b\\x0c\\r ]';
const W = '[\\p{L}\\p{N}_]';
const LT = '[\\p{L}_]';
const WP = `(?:${W}|[!"'&.,?])`;
/** textwrap's wordsep_re: whitespace runs, em-dashes, words split after a hyphen. */
const WORDSEP = new RegExp(
  `(${WS}+|(?<=${WP})-{2,}(?=${W})|${NWS}+?(?:-(?:(?<=${LT}{2}-)|(?<=${LT}-${LT}-))(?=${LT}-?${LT})|(?=${WS}|$)|(?<=${WP})(?=-{2,}${W})))`,
  'u',
);
const WORDSEP_SIMPLE = new RegExp(`(${WS}+)`);

const blank = (s: string) => s.trim() === '';
/** Python's str.splitlines boundaries. */
// eslint-disable-next-line no-control-regex -- Python's line boundaries include these controls
const LINE_BREAK = new RegExp('\\r\\n|[\\n\\r\\x0b\\x0c\\x1c\\x1d\\x1e\\x85\\u2028\\u2029]');

function wrap(text: string, width: number, breakLong: boolean, onHyphens: boolean): string[] {
  const chunks = text.split(onHyphens ? WORDSEP : WORDSEP_SIMPLE).filter((c) => c);
  chunks.reverse();
  const lines: string[] = [];
  while (chunks.length) {
    const line: string[] = [];
    let len = 0;
    if (blank(chunks[chunks.length - 1]) && lines.length) chunks.pop();
    while (chunks.length && len + chunks[chunks.length - 1].length <= width)
      len += (line[line.length] = chunks.pop() as string).length;
    if (chunks.length && chunks[chunks.length - 1].length > width) {
      const space = width < 1 ? 1 : width - len;
      const chunk = chunks[chunks.length - 1];
      if (breakLong) {
        let end = space;
        if (onHyphens && chunk.length > space) {
          const hyphen = chunk.lastIndexOf('-', space - 1);
          if (hyphen > 0 && /[^-]/.test(chunk.slice(0, hyphen))) end = hyphen + 1;
        }
        line.push(chunk.slice(0, end));
        chunks[chunks.length - 1] = chunk.slice(end);
      } else if (!line.length) line.push(chunks.pop() as string);
    }
    if (line.length && blank(line[line.length - 1])) line.pop();
    if (line.length) lines.push(line.join(''));
  }
  return lines;
}

export const wordwrapFilters: FilterTable = {
  wordwrap(value, ...args) {
    const a = bindArgs(args, ['width', 'break_long_words', 'wrapstring', 'break_on_hyphens'], {
      width: 79,
      break_long_words: true,
      wrapstring: null,
      break_on_hyphens: true,
    });
    const width = Number(a.width);
    if (!Number.isInteger(width) || width <= 0)
      throw new TemplateError(`invalid width ${pyStr(a.width)} (must be > 0)`);
    const sep = a.wrapstring === null ? '\n' : pyStr(a.wrapstring);
    const breakLong = pyTruthy(a.break_long_words);
    const onHyphens = pyTruthy(a.break_on_hyphens);
    return pyStr(defined(value))
      .split(LINE_BREAK)
      .filter((l, i, all) => i < all.length - 1 || l !== '')
      .map((line) => wrap(line, width, breakLong, onHyphens).join(sep))
      .join(sep);
  },
};
