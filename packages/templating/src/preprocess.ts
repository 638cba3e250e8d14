/**
 * Source rewrites for Jinja syntax nunjucks' parser lacks, applied only to code inside `{{ }}` /
 * `{% %}` and outside string literals:
 * - integer attribute index `x.0` -> `x[0]` (zuul-jobs: `repo | split('/', 1)` then `.0`/`.1`);
 * - the Ansible `in` test `a is in b` / `a is not in b` -> `a in b` / `a not in b`;
 * - slices `x[a:b:c]` -> `x[__slice(a, b, c)]` (memberLookup applies Python slicing);
 * - bare one-argument tests `x is divisibleby 3` -> `x is divisibleby(3)`;
 * - string literals decoded as Jinja does and re-emitted for nunjucks (string-literals.ts);
 * - comments dropped and `{% raw %}` blocks made one string output, with Jinja's trim_blocks.
 */

import { decodePyEscapes, escapeBackslashes, nunjucksLiteral } from './string-literals';

/** Index of the `]` closing the `[` at `open`, and the top-level `:` positions inside. */
function bracketExtent(
  code: string,
  open: number,
): { close: number; colons: number[] } | undefined {
  let depth = 0;
  const colons: number[] = [];
  for (let j = open; j < code.length; j++) {
    const ch = code[j];
    if (ch === "'" || ch === '"') {
      j++;
      while (j < code.length && code[j] !== ch) j += code[j] === '\\' ? 2 : 1;
      continue;
    }
    if (ch === '[' || ch === '(' || ch === '{') depth++;
    else if (ch === ']' || ch === ')' || ch === '}') {
      depth--;
      if (depth === 0) return { close: j, colons };
    } else if (ch === ':' && depth === 1) colons.push(j);
  }
  return undefined;
}

function rewriteCode(code: string): string {
  let out = '';
  let i = 0;
  while (i < code.length) {
    const c = code[i];
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < code.length && code[j] !== c) j += code[j] === '\\' ? 2 : 1;
      out +=
        j < code.length ? nunjucksLiteral(decodePyEscapes(code.slice(i + 1, j))) : code.slice(i);
      i = j + 1;
      continue;
    }
    if (c === '[' && /[A-Za-z0-9_\])'"]$/.test(out)) {
      const ext = bracketExtent(code, i);
      if (ext && ext.colons.length) {
        const bounds = [i, ...ext.colons, ext.close];
        const parts = bounds.slice(1).map((b, k) => code.slice(bounds[k] + 1, b).trim());
        out += `[__slice(${parts.map((p) => (p === '' ? 'none' : rewriteCode(p))).join(', ')})]`;
        i = ext.close + 1;
        continue;
      }
    }
    const m = /^\.(\d+)(?![\deE])/.exec(code.slice(i));
    if (m && /[A-Za-z0-9_\])]$/.test(out) && !/(^|[^A-Za-z0-9_])\d+$/.test(out)) {
      out += `[${m[1]}]`;
      i += m[0].length;
      continue;
    }
    // Jinja's one-argument test without parentheses: `x is divisibleby 3` -> `x is divisibleby(3)`
    const bare =
      /^is(\s+not)?\s+(?!not\b)([A-Za-z_]\w*)\s+(?!(?:and|or|else|if|not|in|is)\b)(-?\d+(?:\.\d+)?|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|[A-Za-z_][\w.]*)/.exec(
        code.slice(i),
      );
    if (bare && bare[2] !== 'in' && /(^|[^A-Za-z0-9_])$/.test(out)) {
      out += `is${bare[1] ?? ''} ${bare[2]}(${bare[3]})`;
      i += bare[0].length;
      continue;
    }
    const t = /^\bis\s+(not\s+)?in\b/.exec(code.slice(i));
    if (t && /(^|[^A-Za-z0-9_])$/.test(out)) {
      out += t[1] ? 'not in' : 'in';
      i += t[0].length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

/**
 * Find the end of a `{{`/`{%` block like Jinja's lexer: the closing delimiter only counts outside
 * string literals and at bracket depth 0, so `{{ {"a": {"b": 1}} }}` works. Inside, a `}}` that
 * closes nested dicts is spaced out (`} }`) so nunjucks' lexer does not take it as the end.
 */
function scanBlock(src: string, from: number, close: string): { code: string; end: number } {
  let j = from;
  let quote = '';
  let depth = 0;
  let code = '';
  while (j < src.length) {
    const ch = src[j];
    if (quote) {
      code += ch;
      if (ch === '\\' && j + 1 < src.length) code += src[++j];
      else if (ch === quote) quote = '';
      j++;
      continue;
    }
    if (depth === 0 && src.startsWith(close, j)) break;
    if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '{' || ch === '[' || ch === '(') depth++;
    else if (ch === '}' || ch === ']' || ch === ')') depth = Math.max(0, depth - 1);
    code += ch === '}' && src[j + 1] === '}' ? '} ' : ch;
    j++;
  }
  return { code, end: j };
}

/** Where text resumes after a tag ending at `end`: `-` strips all whitespace, else one newline. */
function skipAfterTag(src: string, end: number, strip: boolean): number {
  if (strip) return end + (/^\s*/.exec(src.slice(end))?.[0].length ?? 0);
  if (src[end] === '\n') return end + 1;
  if (src.startsWith('\r\n', end)) return end + 2;
  return end;
}

export function preprocess(template: string): string {
  // Jinja's lexer turns every line ending (\r\n, \r) into its newline_sequence, "\n"
  const src = escapeBackslashes(template.replace(/\r\n?/g, '\n'));
  let out = '';
  let i = 0;
  for (;;) {
    const open = src.slice(i).search(/\{[{%#]/);
    if (open < 0) return out + src.slice(i);
    const start = i + open;
    // {% raw %}...{% endraw %}: its text as one string output; trim_blocks drops the newline
    // after `{% endraw %}` (not the one after `{% raw %}`), `-` trims as in Jinja
    const raw = /^\{%(-?)\s*raw\s*(-?)%\}/.exec(src.slice(start));
    if (raw) {
      const from = start + raw[0].length;
      const endRaw = /\{%(-?)\s*endraw\s*(-?)%\}/.exec(src.slice(from));
      if (!endRaw) return out + src.slice(i);
      let text = src.slice(from, from + endRaw.index);
      if (raw[2]) text = text.replace(/^\s+/, '');
      if (endRaw[1]) text = text.replace(/\s+$/, '');
      out += raw[1] ? src.slice(i, start).replace(/\s+$/, '') : src.slice(i, start);
      out += `{{ ${nunjucksLiteral(text)} }}`;
      i = skipAfterTag(src, from + endRaw.index + endRaw[0].length, endRaw[2] === '-');
      continue;
    }
    const kind = src[start + 1];
    if (kind === '#') {
      // a comment is dropped, with trim_blocks' newline after it
      const end = src.indexOf('#}', start + 2);
      if (end < 0) return out + src.slice(i);
      const lstrip = src[start + 2] === '-';
      out += lstrip ? src.slice(i, start).replace(/\s+$/, '') : src.slice(i, start);
      i = skipAfterTag(src, end + 2, src[end - 1] === '-');
      if (i >= src.length) return out;
      continue;
    }
    out += src.slice(i, start + 2);
    const { code, end } = scanBlock(src, start + 2, kind === '{' ? '}}' : '%}');
    out += rewriteCode(code);
    i = end;
    if (i >= src.length) return out;
  }
}
