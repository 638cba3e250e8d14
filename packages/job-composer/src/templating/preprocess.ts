/**
 * Source rewrites for Jinja syntax nunjucks' parser lacks, applied only to code inside `{{ }}` /
 * `{% %}` and outside string literals:
 * - integer attribute index `x.0` -> `x[0]` (zuul-jobs: `repo | split('/', 1)` then `.0`/`.1`);
 * - the Ansible `in` test `a is in b` / `a is not in b` -> `a in b` / `a not in b`.
 */
function rewriteCode(code: string): string {
  let out = '';
  let i = 0;
  while (i < code.length) {
    const c = code[i];
    if (c === "'" || c === '"') {
      let j = i + 1;
      while (j < code.length && code[j] !== c) j += code[j] === '\\' ? 2 : 1;
      out += code.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    const m = /^\.(\d+)(?![\d.eE])/.exec(code.slice(i));
    if (m && /[A-Za-z0-9_\])]$/.test(out) && !/(^|[^A-Za-z0-9_])\d+$/.test(out)) {
      out += `[${m[1]}]`;
      i += m[0].length;
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

export function preprocess(src: string): string {
  let out = '';
  let i = 0;
  for (;;) {
    const open = src.slice(i).search(/\{[{%#]/);
    if (open < 0) return out + src.slice(i);
    const start = i + open;
    out += src.slice(i, start + 2);
    const kind = src[start + 1];
    const close = kind === '{' ? '}}' : kind === '%' ? '%}' : '#}';
    // find the closing delimiter outside string literals
    let j = start + 2;
    let quote = '';
    while (j < src.length) {
      const ch = src[j];
      if (kind !== '#' && quote) {
        if (ch === '\\') j++;
        else if (ch === quote) quote = '';
      } else if (kind !== '#' && (ch === "'" || ch === '"')) quote = ch;
      else if (src.startsWith(close, j)) break;
      j++;
    }
    const body = src.slice(start + 2, j);
    out += kind === '#' ? body : rewriteCode(body);
    i = j;
    if (i >= src.length) return out;
  }
}
