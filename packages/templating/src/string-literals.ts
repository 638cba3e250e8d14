/**
 * String literals as Ansible's Jinja reads them:
 * - Ansible first doubles every backslash inside string literals of `{{ }}` expressions
 *   (Templar's `_escape_backslashes`, so playbook authors write `'\1'` not `'\\1'`), and
 * - Jinja decodes a literal with Python's `unicode-escape` codec: `\n`, `\t`, `\\`, `\'`,
 *   `\x41`, `\u00e9`, `\101` are escapes; any other backslash is kept (`'\d'` is `\d`).
 * nunjucks decodes only `\n`, `\t`, `\r` and drops every other backslash, so each literal is
 * re-emitted (see `nunjucksLiteral`) in a form nunjucks reads back as the Python value.
 */

/** Jinja's string token: a quoted run where a backslash escapes the next character. */
const STRING = /'([^'\\]*(?:\\.[^'\\]*)*)'|"([^"\\]*(?:\\.[^"\\]*)*)"/y;

/**
 * Ansible's `_escape_backslashes`: inside `{{ }}` (not `{% %}`, not `{% raw %}`), backslashes
 * of string literals are doubled. Only when the template has a backslash and a `{{`.
 */
export function escapeBackslashes(src: string): string {
  if (!src.includes('\\') || !src.includes('{{')) return src;
  let out = '';
  let i = 0;
  while (i < src.length) {
    const raw = /\{%-?\s*raw\s*-?%\}[\s\S]*?\{%-?\s*endraw\s*-?%\}/y;
    raw.lastIndex = i;
    const r = raw.exec(src);
    if (r) {
      out += r[0];
      i += r[0].length;
      continue;
    }
    if (src.startsWith('{#', i)) {
      const end = src.indexOf('#}', i + 2);
      const stop = end < 0 ? src.length : end + 2;
      out += src.slice(i, stop);
      i = stop;
      continue;
    }
    if (!src.startsWith('{{', i)) {
      out += src[i++];
      continue;
    }
    out += '{{';
    i += 2;
    while (i < src.length && !src.startsWith('}}', i)) {
      STRING.lastIndex = i;
      const m = STRING.exec(src);
      if (m) {
        out += m[0].replace(/\\/g, '\\\\');
        i += m[0].length;
      } else out += src[i++];
    }
  }
  return out;
}

const SIMPLE: Record<string, string> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\n': '',
};

/** Python's `unicode-escape` decoding of a literal's body (Jinja's string token value). */
export function decodePyEscapes(body: string): string {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\' || i + 1 >= body.length) {
      out += c;
      continue;
    }
    const n = body[i + 1];
    if (n in SIMPLE) {
      out += SIMPLE[n];
      i++;
      continue;
    }
    const oct = /^[0-7]{1,3}/.exec(body.slice(i + 1));
    if (oct) {
      out += String.fromCodePoint(parseInt(oct[0], 8));
      i += oct[0].length;
      continue;
    }
    const width = n === 'x' ? 2 : n === 'u' ? 4 : n === 'U' ? 8 : 0;
    if (width) {
      const hex = body.slice(i + 2, i + 2 + width);
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex))
        throw new Error(`'unicodeescape' codec can't decode bytes: truncated \\${n} escape`);
      out += String.fromCodePoint(parseInt(hex, 16));
      i += 1 + width;
      continue;
    }
    out += c; // unknown escape: the backslash stays
  }
  return out;
}

/** A nunjucks string literal whose value is `value`. */
export function nunjucksLiteral(value: string): string {
  const esc = value.replace(/[\\'\n\r\t]/g, (c) =>
    c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\${c}`,
  );
  return `'${esc}'`;
}
