/** String filters: replace, case, trim, split, quote, regex_*, paths, b64, hashes. */
import * as path from 'node:path';
import { TemplateError } from '../errors';
import { bindArgs } from '../kwargs';
import { pyRegex, pyReplacement } from '../pyregex';
import { pySplit } from '../pysplit';
import { percentFormat } from '../operators';
import { isDict, pyStr, pyTuple, pyType } from '../python';
import { defined } from '../undefined';
import { nodeCrypto } from '../node-crypto';
import { FilterTable } from './types';
import { length as pyLen } from './core';

const str = (v: unknown): string => pyStr(defined(v));

/** Ansible `quote`: shlex.quote. */
export function shellQuote(s: string): string {
  if (s === '') return "''";
  if (/^[\w@%+=:,./-]+$/.test(s)) return s;
  return "'" + s.replace(/'/g, `'"'"'`) + "'";
}

function pySplitFilter(value: unknown, ...args: unknown[]): string[] {
  const { sep, maxsplit } = bindArgs(args, ['sep', 'maxsplit'], { sep: null, maxsplit: -1 });
  return pySplit(str(value), sep, maxsplit);
}

function regexFlags(args: unknown[], names: string[]) {
  return bindArgs(args, names, { ignorecase: false, multiline: false });
}

export const stringFilters: FilterTable = {
  /** Jinja `format`: `"%s-%s" | format(a, b)` is printf-style formatting. */
  format: (value, ...args) => percentFormat(str(value), pyTuple(args)),
  replace(value, old, repl, count) {
    const s = str(value);
    const parts = s.split(pyStr(old));
    const n = count === undefined || count === null ? -1 : Number(count);
    if (n < 0 || parts.length - 1 <= n) return parts.join(pyStr(repl));
    return (
      parts.slice(0, n + 1).join(pyStr(repl)) + pyStr(old) + parts.slice(n + 1).join(pyStr(old))
    );
  },
  lower: (v) => str(v).toLowerCase(),
  upper: (v) => str(v).toUpperCase(),
  capitalize: (v) => {
    const s = str(v);
    return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
  },
  // Jinja's title: words start after whitespace, '-', '(', '{', '[' or '<'
  title: (v) =>
    str(v)
      .split(/([-\s({[<]+)/)
      .map((w) => (w ? w[0].toUpperCase() + w.slice(1).toLowerCase() : w))
      .join(''),
  trim: (v, chars) => {
    const s = str(v);
    if (chars === undefined || chars === null) return s.trim();
    const set = pyStr(chars);
    let a = 0;
    let b = s.length;
    while (a < b && set.includes(s[a])) a++;
    while (b > a && set.includes(s[b - 1])) b--;
    return s.slice(a, b);
  },
  split: pySplitFilter,
  quote: (v) => shellQuote(v === null ? '' : str(v)),
  center: (v, w) => {
    const s = str(v);
    const width = w === undefined ? 80 : Number(w);
    const total = Math.max(0, width - s.length);
    return ' '.repeat(Math.floor(total / 2)) + s + ' '.repeat(total - Math.floor(total / 2));
  },
  truncate: (v, ...args) => {
    const { length, killwords, end, leeway } = bindArgs(
      args,
      ['length', 'killwords', 'end', 'leeway'],
      {
        length: 255,
        killwords: false,
        end: '...',
        leeway: 5,
      },
    );
    const len = Number(length);
    // Jinja: a value no longer than length + leeway is returned as it is (lists too)
    if (typeof v !== 'string' && pyLen(v) <= len + Number(leeway)) return v;
    const s = str(v);
    if (s.length <= len + Number(leeway)) return s;
    const cut = s.slice(0, len - pyStr(end).length);
    // Jinja: without killwords, cut at the last space (rsplit(' ', 1)[0])
    const at = cut.lastIndexOf(' ');
    return (killwords || at < 0 ? cut : cut.slice(0, at)) + pyStr(end);
  },
  /** Jinja's urlencode: text quoted keeping `/`; a dict or list of pairs as a query string. */
  urlencode: (v) => {
    const quote = (x: unknown, safe: string) =>
      [...Buffer.from(pyStr(x), 'utf8')]
        .map((b) => {
          const c = String.fromCharCode(b);
          return /[A-Za-z0-9_.~-]/.test(c) || safe.includes(c)
            ? c
            : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
        })
        .join('');
    if (v === null || typeof v !== 'object') return quote(v, '/');
    const pairs = isDict(v) ? Object.entries(v) : (v as unknown[]);
    return pairs
      .map((p) => {
        // Each item is unpacked as Python does `k, v = item`: a dict gives its keys, a string its characters.
        const kv = Array.isArray(p)
          ? p
          : isDict(p)
            ? Object.keys(p)
            : typeof p === 'string'
              ? [...p]
              : null;
        if (kv === null) throw new TemplateError(`cannot unpack non-iterable ${pyType(p)} object`);
        if (kv.length !== 2)
          throw new TemplateError(
            kv.length < 2
              ? `not enough values to unpack (expected 2, got ${kv.length})`
              : 'too many values to unpack (expected 2)',
          );
        const qs = (x: unknown) => quote(x, '').replace(/%20/g, '+');
        return `${qs(kv[0])}=${qs(kv[1])}`;
      })
      .join('&');
  },
  wordcount: (v) => (str(v).match(/[\p{L}\p{N}_]+/gu) ?? []).length, // Python's \w+
  indent: (v, ...args) => {
    const { width, first, blank } = bindArgs(args, ['width', 'first', 'blank'], {
      width: 4,
      first: false,
      blank: false,
    });
    const pad = typeof width === 'string' ? width : ' '.repeat(Number(width));
    return str(v)
      .split('\n')
      .map((l, i) => ((i > 0 || first) && (blank || l.trim() !== '') ? pad + l : l))
      .join('\n');
  },
  comment: (v) => `#\n# ${str(v).split('\n').join('\n# ')}\n#`,

  regex_replace(value, ...args) {
    const { pattern, replacement, ignorecase, multiline, count } = bindArgs(
      args,
      ['pattern', 'replacement', 'ignorecase', 'multiline', 'count'],
      { pattern: '', replacement: '', ignorecase: false, multiline: false, count: 0 },
    );
    const re = pyRegex(pyStr(pattern), {
      ignorecase: !!ignorecase,
      multiline: !!multiline,
      global: true,
    });
    const fn = pyReplacement(pyStr(replacement));
    let n = 0;
    const max = Number(count);
    return str(value).replace(re, (...m: unknown[]) => {
      if (max > 0 && n >= max) return String(m[0]);
      n++;
      return fn(...(m as [string, ...unknown[]]));
    });
  },
  regex_search(value, ...args) {
    const pattern = pyStr(args[0]);
    const groups = args.slice(1).filter((a) => typeof a === 'string') as string[];
    const flags = regexFlags(
      args.slice(1).filter((a) => typeof a !== 'string'),
      [],
    );
    const m = pyRegex(pattern, {
      ignorecase: !!flags.ignorecase,
      multiline: !!flags.multiline,
    }).exec(str(value));
    if (!m) return null;
    if (!groups.length) return m[0];
    return groups.map((g) => {
      const ref = /^\\(\d+)$/.exec(g);
      const gn = /^\\g<([^>]+)>$/.exec(g);
      if (ref) return m[Number(ref[1])] ?? null;
      if (gn) return (/^\d+$/.test(gn[1]) ? m[Number(gn[1])] : m.groups?.[gn[1]]) ?? null;
      throw new TemplateError(`Unknown argument ${g}`);
    });
  },
  regex_findall(value, ...args) {
    const { regex, ignorecase, multiline } = bindArgs(args, ['regex', 'multiline', 'ignorecase'], {
      ignorecase: false,
      multiline: false,
    });
    const re = pyRegex(pyStr(regex), {
      ignorecase: !!ignorecase,
      multiline: !!multiline,
      global: true,
    });
    return [...str(value).matchAll(re)].map((m) =>
      m.length === 1 ? m[0] : m.length === 2 ? (m[1] ?? '') : m.slice(1).map((g) => g ?? ''),
    );
  },
  // Python's re.escape: only regex metacharacters and whitespace
  regex_escape: (v) => str(v).replace(/[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/g, (c) => '\\' + c),

  basename: (v) => {
    const s = str(v);
    return s.endsWith('/') ? '' : path.posix.basename(s);
  },
  dirname: (v) => {
    const s = str(v);
    const i = s.lastIndexOf('/');
    if (i < 0) return '';
    const head = s.slice(0, i + 1);
    return /^\/+$/.test(head) ? head : head.replace(/\/+$/, '');
  },
  expanduser: (v) => str(v).replace(/^~(?=\/|$)/, process.env.HOME ?? '~'),
  realpath: (v) => path.resolve(str(v)),
  relpath: (v, start) => path.relative(pyStr(start), str(v)),
  splitext: (v) => {
    const s = str(v);
    const ext = path.posix.extname(s);
    return pyTuple([s.slice(0, s.length - ext.length), ext]);
  },
  path_join: (v) => {
    const parts = Array.isArray(v) ? v.map((x) => pyStr(x)) : [str(v)];
    return parts.reduce(
      (acc, p) =>
        p.startsWith('/') ? p : acc === '' || acc.endsWith('/') ? acc + p : `${acc}/${p}`,
      '',
    );
  },

  b64encode: (v) => Buffer.from(str(v), 'utf8').toString('base64'),
  b64decode: (v) => Buffer.from(str(v), 'base64').toString('utf8'),
  hash: (v, algo) =>
    nodeCrypto()
      .createHash(algo === undefined ? 'sha1' : pyStr(algo))
      .update(str(v), 'utf8')
      .digest('hex'),
  checksum: (v) => nodeCrypto().createHash('sha1').update(str(v), 'utf8').digest('hex'),
  sha1: (v) => nodeCrypto().createHash('sha1').update(str(v), 'utf8').digest('hex'),
  md5: (v) => nodeCrypto().createHash('md5').update(str(v), 'utf8').digest('hex'),
};
