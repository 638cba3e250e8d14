/**
 * Python operators for template expressions: ordering and chained comparisons, `in`, the
 * arithmetic operators (`list + list`, `str * n`, datetime - datetime, str + int is a TypeError as
 * in Python — hence zuul.change must be a string) and printf-style `%` formatting.
 */
import { PyDateTime, PyTimedelta } from './datetime';
import { TemplateError } from './errors';
import { LazyMapping } from './lazy';
import { Dict, isDict, isTuple, pyEquals, pyRepr, pyStr, pyType } from './python';
import { defined } from './undefined';

function typeError(msg: string): never {
  throw new TemplateError(msg);
}

/** Python ordering (<): numbers with numbers, str with str, lists lexicographically. */
export function pyLess(a: unknown, b: unknown): boolean {
  a = defined(a);
  b = defined(b);
  const num = (x: unknown): x is number | boolean =>
    typeof x === 'number' || typeof x === 'boolean';
  if (num(a) && num(b)) return Number(a) < Number(b);
  if (typeof a === 'string' && typeof b === 'string') return a < b;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      if (!pyEquals(a[i], b[i])) return pyLess(a[i], b[i]);
    }
    return a.length < b.length;
  }
  if (a instanceof PyDateTime && b instanceof PyDateTime) return a.wall < b.wall;
  if (a instanceof PyTimedelta && b instanceof PyTimedelta) return a.totalMs < b.totalMs;
  return typeError(`'<' not supported between instances of '${pyType(a)}' and '${pyType(b)}'`);
}

export function pyCompare(op: string, a: unknown, b: unknown): boolean {
  switch (op) {
    case '==':
      return pyEquals(a, b);
    case '!=':
      return !pyEquals(a, b);
    case '<':
      return pyLess(a, b);
    case '>':
      return pyLess(b, a);
    case '<=':
      return pyLess(a, b) || pyEquals(a, b);
    case '>=':
      return pyLess(b, a) || pyEquals(a, b);
    case '===':
      return a === b;
    case '!==':
      return a !== b;
    default:
      return typeError(`unsupported comparison ${op}`);
  }
}

/** Python `in`: substring, list membership (==), dict key. */
export function pyIn(item: unknown, container: unknown): boolean {
  item = defined(item);
  container = defined(container);
  if (typeof container === 'string') {
    if (typeof item !== 'string')
      typeError(`'in <string>' requires string as left operand, not ${pyType(item)}`);
    return container.includes(item);
  }
  if (Array.isArray(container)) return container.some((x) => pyEquals(x, item));
  if (isDict(container))
    return typeof item === 'string' && Object.prototype.hasOwnProperty.call(container, item);
  if (container instanceof LazyMapping) return typeof item === 'string' && container.has(item);
  return typeError(`argument of type '${pyType(container)}' is not iterable`);
}

const isNum = (x: unknown): x is number | boolean =>
  typeof x === 'number' || typeof x === 'boolean';

function unsupported(op: string, a: unknown, b: unknown): never {
  return typeError(`unsupported operand type(s) for ${op}: '${pyType(a)}' and '${pyType(b)}'`);
}

/** Python binary operators. `'%s' % x` is printf formatting; str + int is a TypeError, as in Python. */
export function pyBinary(op: string, a: unknown, b: unknown): unknown {
  a = defined(a);
  b = defined(b);
  switch (op) {
    case '+':
      if (isNum(a) && isNum(b)) return Number(a) + Number(b);
      if (typeof a === 'string' && typeof b === 'string') return a + b;
      if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
      if (a instanceof PyDateTime && b instanceof PyTimedelta)
        return new PyDateTime(a.wall + b.totalMs);
      if (a instanceof PyTimedelta && b instanceof PyTimedelta)
        return new PyTimedelta(a.totalMs + b.totalMs);
      if (typeof a === 'string' || typeof b === 'string')
        typeError(`can only concatenate ${pyType(a)} (not "${pyType(b)}") to ${pyType(a)}`);
      return unsupported('+', a, b);
    case '-':
      if (isNum(a) && isNum(b)) return Number(a) - Number(b);
      if (a instanceof PyDateTime && b instanceof PyDateTime)
        return new PyTimedelta(a.wall - b.wall);
      if (a instanceof PyDateTime && b instanceof PyTimedelta)
        return new PyDateTime(a.wall - b.totalMs);
      if (a instanceof PyTimedelta && b instanceof PyTimedelta)
        return new PyTimedelta(a.totalMs - b.totalMs);
      return unsupported('-', a, b);
    case '*':
      if (isNum(a) && isNum(b)) return Number(a) * Number(b);
      if (typeof a === 'string' && typeof b === 'number') return a.repeat(Math.max(0, b));
      if (Array.isArray(a) && typeof b === 'number')
        return Array.from({ length: Math.max(0, b) }, () => a).flat();
      return unsupported('*', a, b);
    case '/':
      if (isNum(a) && isNum(b)) {
        if (Number(b) === 0) typeError('division by zero');
        return Number(a) / Number(b);
      }
      return unsupported('/', a, b);
    case '//':
      if (isNum(a) && isNum(b)) {
        if (Number(b) === 0) typeError('integer division or modulo by zero');
        return Math.floor(Number(a) / Number(b));
      }
      return unsupported('//', a, b);
    case '%':
      if (typeof a === 'string') return percentFormat(a, b);
      if (isNum(a) && isNum(b)) {
        const m = Number(a) % Number(b);
        return m !== 0 && Math.sign(m) !== Math.sign(Number(b)) ? m + Number(b) : m;
      }
      return unsupported('%', a, b);
    case '**':
      if (isNum(a) && isNum(b)) return Math.pow(Number(a), Number(b));
      return unsupported('**', a, b);
    case '~':
      return pyStr(a) + pyStr(b);
    default:
      return typeError(`unsupported operator ${op}`);
  }
}

/** Python `fmt % args` for %s %r %d %i %f %x %o %% (with flags/width/precision, and %(name)s). */
export function percentFormat(fmt: string, args: unknown): string {
  // Python: only a tuple supplies several arguments; a list is one argument
  const list = isTuple(args) ? (args as unknown[]) : [args];
  let i = 0;
  const out = fmt.replace(
    /%(\(([^)]*)\))?([-+ 0#]*)(\d+|\*)?(?:\.(\d+))?([sridfFxXoeEgGc%])/g,
    (
      _m,
      _k,
      key: string | undefined,
      flags: string,
      width: string | undefined,
      prec: string | undefined,
      conv: string,
    ) => {
      if (conv === '%') return '%';
      let v: unknown;
      if (key !== undefined) {
        if (!isDict(args)) typeError('format requires a mapping');
        v = (args as Dict)[key];
      } else {
        if (i >= list.length) typeError('not enough arguments for format string');
        v = list[i++];
      }
      let s: string;
      switch (conv) {
        case 's':
          s = pyStr(v);
          if (prec !== undefined) s = s.slice(0, Number(prec));
          break;
        case 'r':
          s = pyRepr(v);
          break;
        case 'd':
        case 'i':
          s = String(Math.trunc(Number(v)));
          break;
        case 'f':
        case 'F':
          s = Number(v).toFixed(prec === undefined ? 6 : Number(prec));
          break;
        case 'x':
          s = Math.trunc(Number(v)).toString(16);
          break;
        case 'X':
          s = Math.trunc(Number(v)).toString(16).toUpperCase();
          break;
        case 'o':
          s = Math.trunc(Number(v)).toString(8);
          break;
        case 'c':
          s = typeof v === 'number' ? String.fromCharCode(v) : pyStr(v);
          break;
        default:
          s = String(v);
      }
      if (flags.includes('+') && /^[dif]$/.test(conv) && Number(v) >= 0) s = '+' + s;
      const w = width ? Number(width) : 0;
      if (s.length < w)
        s = flags.includes('-') ? s.padEnd(w) : s.padStart(w, flags.includes('0') ? '0' : ' ');
      return s;
    },
  );
  if (!isDict(args) && i < list.length)
    typeError('not all arguments converted during string formatting');
  return out;
}
