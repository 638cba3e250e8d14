/**
 * Python `ast.literal_eval` for the values Ansible's output conversion sees: str (single, double,
 * triple quoted, with escapes), int, float, True/False/None (and the JSON spellings true/false/null,
 * which Ansible accepts), lists, tuples (-> lists; also a bare top-level `a, b`), dicts and sets (-> lists), trailing commas,
 * adjacent string concatenation and unary minus. Returns `{ ok: false }` when the text is not a
 * literal, so the caller keeps the string (Ansible swallows the SyntaxError the same way).
 */
import { decodePyEscapes } from './string-literals';
type Result = { ok: true; value: unknown } | { ok: false };

class LiteralSyntaxError extends Error {}

class Parser {
  private pos = 0;
  constructor(private readonly s: string) {}

  fail(): never {
    throw new LiteralSyntaxError(`invalid literal at ${this.pos}`);
  }

  ws(): void {
    while (this.pos < this.s.length) {
      const c = this.s[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f') this.pos++;
      else if (c === '\\' && this.s[this.pos + 1] === '\n') this.pos += 2;
      else if (c === '#') {
        while (this.pos < this.s.length && this.s[this.pos] !== '\n') this.pos++;
      } else break;
    }
  }

  parseAll(): unknown {
    this.ws();
    const v = this.value();
    this.ws();
    if (this.pos === this.s.length) return v;
    // `[1], [2]` is a tuple in Python
    const items = [v];
    while (this.s[this.pos] === ',') {
      this.pos++;
      this.ws();
      if (this.pos === this.s.length) break;
      items.push(this.value());
      this.ws();
    }
    if (this.pos !== this.s.length) this.fail();
    return items;
  }

  value(): unknown {
    this.ws();
    const c = this.s[this.pos];
    if (c === '[') return this.seq('[', ']');
    if (c === '(') return this.seq('(', ')');
    if (c === '{') return this.dictOrSet();
    if (
      c === "'" ||
      c === '"' ||
      ((c === 'r' || c === 'u' || c === 'b') && /['"]/.test(this.s[this.pos + 1] ?? ''))
    )
      return this.strings();
    if (c === '-' || c === '+') {
      this.pos++;
      const v = this.value();
      if (typeof v !== 'number') this.fail();
      return c === '-' ? -v : v;
    }
    if (c !== undefined && /[0-9.]/.test(c)) return this.number();
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.s.slice(this.pos));
    if (m) {
      const names: Record<string, unknown> = {
        True: true,
        False: false,
        None: null,
        true: true,
        false: false,
        null: null,
      };
      if (m[0] in names) {
        this.pos += m[0].length;
        return names[m[0]];
      }
    }
    return this.fail();
  }

  seq(open: string, close: string): unknown[] {
    this.pos++;
    const out: unknown[] = [];
    let sawComma = false;
    for (;;) {
      this.ws();
      if (this.s[this.pos] === close) {
        this.pos++;
        // `(x)` is just x in Python, but the callers only get here from `[`/`{` text; keep lists.
        if (open === '(' && out.length === 1 && !sawComma) return out[0] as unknown[];
        return out;
      }
      out.push(this.value());
      this.ws();
      if (this.s[this.pos] === ',') {
        this.pos++;
        sawComma = true;
      } else if (this.s[this.pos] !== close) this.fail();
    }
  }

  dictOrSet(): unknown {
    this.pos++;
    this.ws();
    if (this.s[this.pos] === '}') {
      this.pos++;
      return {};
    }
    const first = this.value();
    this.ws();
    const isDictLiteral = this.s[this.pos] === ':';
    const dict: Record<string, unknown> = {};
    const set: unknown[] = [];
    let key: unknown = first;
    for (;;) {
      if (isDictLiteral) {
        this.ws();
        if (this.s[this.pos] !== ':') this.fail();
        this.pos++;
        dict[keyString(key)] = this.value();
      } else set.push(key); // a set literal becomes a list (JSON data has no sets)
      this.ws();
      if (this.s[this.pos] === ',') {
        this.pos++;
        this.ws();
      } else if (this.s[this.pos] !== '}') this.fail();
      if (this.s[this.pos] === '}') {
        this.pos++;
        return isDictLiteral ? dict : set;
      }
      key = this.value();
    }
  }

  strings(): string {
    let out = this.string();
    for (;;) {
      const save = this.pos;
      this.ws();
      const c = this.s[this.pos];
      if (c === "'" || c === '"') out += this.string();
      else {
        this.pos = save;
        return out;
      }
    }
  }

  string(): string {
    let raw = false;
    while (/[rubRUB]/.test(this.s[this.pos])) {
      if (/[rR]/.test(this.s[this.pos])) raw = true;
      this.pos++;
    }
    const q = this.s[this.pos];
    const triple = this.s.slice(this.pos, this.pos + 3) === q.repeat(3);
    const delim = triple ? q.repeat(3) : q;
    this.pos += delim.length;
    // The body as written; escapes are decoded once the closing quote is found, by the same
    // rules as a Jinja string literal (Python's unicode-escape: \n, \x41, \u00e9, \101, and
    // an unknown escape keeps its backslash). A raw string keeps every backslash.
    let body = '';
    for (;;) {
      if (this.pos >= this.s.length) this.fail();
      if (this.s.startsWith(delim, this.pos)) {
        this.pos += delim.length;
        break;
      }
      const c = this.s[this.pos];
      if (c === '\n' && !triple) this.fail();
      if (c === '\\') {
        if (this.pos + 1 >= this.s.length) this.fail();
        body += c + this.s[this.pos + 1];
        this.pos += 2;
        continue;
      }
      body += c;
      this.pos++;
    }
    if (raw) return body;
    try {
      return decodePyEscapes(body);
    } catch {
      return this.fail(); // a truncated \x, \u or \U escape: a SyntaxError in Python too
    }
  }

  number(): number {
    const m =
      /^(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|(\d[\d_]*)?(\.\d[\d_]*|\.)?([eE][+-]?\d+)?)/.exec(
        this.s.slice(this.pos),
      );
    if (!m || !m[0] || m[0] === '.') this.fail();
    this.pos += m[0].length;
    const t = m[0].replace(/_/g, '');
    if (/^0[xX]/.test(t)) return parseInt(t.slice(2), 16);
    if (/^0[oO]/.test(t)) return parseInt(t.slice(2), 8);
    if (/^0[bB]/.test(t)) return parseInt(t.slice(2), 2);
    return Number(t);
  }
}

function keyString(k: unknown): string {
  if (typeof k === 'string') return k;
  if (k === true) return 'True';
  if (k === false) return 'False';
  if (k === null) return 'None';
  return String(k);
}

export function literalEval(text: string): Result {
  try {
    return { ok: true, value: new Parser(text).parseAll() };
  } catch (e) {
    if (e instanceof LiteralSyntaxError) return { ok: false };
    throw e;
  }
}
