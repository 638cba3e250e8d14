/**
 * Minimal Python `datetime`/`timedelta` for `now()`, `to_datetime` and date arithmetic
 * (zuul-jobs tag-age cleanup: `(now() - x | to_datetime).seconds`, where `.seconds` is the seconds
 * *component* of the timedelta, not the total).
 * A datetime is a wall-clock time: `wall` is milliseconds of those wall-clock fields read as UTC.
 */
const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

export class PyTimedelta {
  readonly days: number;
  readonly seconds: number;
  readonly microseconds: number;
  constructor(readonly totalMs: number) {
    const totalUs = Math.round(totalMs * 1000);
    const dayUs = 86400 * 1e6;
    this.days = Math.floor(totalUs / dayUs);
    const rest = totalUs - this.days * dayUs;
    this.seconds = Math.floor(rest / 1e6);
    this.microseconds = rest - this.seconds * 1e6;
  }
  total_seconds(): number {
    return this.totalMs / 1000;
  }
  toString(): string {
    const h = Math.floor(this.seconds / 3600);
    const m = Math.floor((this.seconds % 3600) / 60);
    const s = this.seconds % 60;
    const us = this.microseconds ? `.${pad(this.microseconds, 6)}` : '';
    const d = this.days ? `${this.days} day${Math.abs(this.days) === 1 ? '' : 's'}, ` : '';
    return `${d}${h}:${pad(m)}:${pad(s)}${us}`;
  }
}

export class PyDateTime {
  constructor(readonly wall: number) {}
  private get d(): Date {
    return new Date(this.wall);
  }
  get year(): number {
    return this.d.getUTCFullYear();
  }
  get month(): number {
    return this.d.getUTCMonth() + 1;
  }
  get day(): number {
    return this.d.getUTCDate();
  }
  get hour(): number {
    return this.d.getUTCHours();
  }
  get minute(): number {
    return this.d.getUTCMinutes();
  }
  get second(): number {
    return this.d.getUTCSeconds();
  }
  get microsecond(): number {
    return this.d.getUTCMilliseconds() * 1000;
  }
  strftime(fmt: string): string {
    return strftime(this, fmt);
  }
  isoformat(): string {
    return this.toString().replace(' ', 'T');
  }
  timestamp(): number {
    return this.wall / 1000;
  }
  toString(): string {
    const us = this.microsecond ? `.${pad(this.microsecond, 6)}` : '';
    return `${strftime(this, '%Y-%m-%d %H:%M:%S')}${us}`;
  }
}

/** Python `datetime.now()` (local wall clock) or `datetime.utcnow()`-like when `utc`. */
export function nowDateTime(utc: boolean, at: Date = new Date()): PyDateTime {
  const ms = at.getTime();
  return new PyDateTime(utc ? ms : ms - at.getTimezoneOffset() * 60000);
}

export function strftime(dt: PyDateTime, fmt: string): string {
  const d = new Date(dt.wall);
  const dow = (d.getUTCDay() + 6) % 7; // Monday = 0
  const startOfYear = Date.UTC(d.getUTCFullYear(), 0, 1);
  const yday = Math.floor((dt.wall - startOfYear) / 86400000) + 1;
  return fmt.replace(/%([a-zA-Z%])/g, (m, c: string) => {
    switch (c) {
      case 'Y':
        return String(dt.year);
      case 'y':
        return pad(dt.year % 100);
      case 'm':
        return pad(dt.month);
      case 'd':
        return pad(dt.day);
      case 'H':
        return pad(dt.hour);
      case 'I':
        return pad(dt.hour % 12 || 12);
      case 'p':
        return dt.hour < 12 ? 'AM' : 'PM';
      case 'M':
        return pad(dt.minute);
      case 'S':
        return pad(dt.second);
      case 'f':
        return pad(dt.microsecond, 6);
      case 'j':
        return pad(yday, 3);
      case 'a':
        return DAYS[dow].slice(0, 3);
      case 'A':
        return DAYS[dow];
      case 'w':
        return String(d.getUTCDay());
      case 'u':
        return String(dow + 1);
      case 'b':
      case 'h':
        return MONTHS[dt.month - 1].slice(0, 3);
      case 'B':
        return MONTHS[dt.month - 1];
      case 's':
        return String(Math.floor(dt.wall / 1000));
      case 'z':
        return '';
      case 'Z':
        return '';
      case 'F':
        return strftime(dt, '%Y-%m-%d');
      case 'T':
        return strftime(dt, '%H:%M:%S');
      case '%':
        return '%';
      default:
        return m;
    }
  });
}

/** Python `datetime.strptime` for the common directives; throws on mismatch like Python. */
export function strptime(text: string, fmt: string): PyDateTime {
  const fields: Record<string, number> = { Y: 1900, m: 1, d: 1, H: 0, M: 0, S: 0, f: 0 };
  let re = '^';
  const order: string[] = [];
  for (let i = 0; i < fmt.length; i++) {
    const ch = fmt[i];
    if (ch === '%' && i + 1 < fmt.length) {
      const c = fmt[++i];
      const widths: Record<string, string> = {
        Y: '(\\d{4})',
        y: '(\\d{2})',
        m: '(\\d{1,2})',
        d: '(\\d{1,2})',
        H: '(\\d{1,2})',
        M: '(\\d{1,2})',
        S: '(\\d{1,2})',
        f: '(\\d{1,6})',
        z: '([+-]\\d{4}|Z)',
        a: `(${DAYS.map((d) => d.slice(0, 3)).join('|')})`,
        A: `(${DAYS.join('|')})`,
        b: `(${MONTHS.map((d) => d.slice(0, 3)).join('|')})`,
        B: `(${MONTHS.join('|')})`,
      };
      if (c === '%') re += '%';
      else if (widths[c]) {
        re += widths[c];
        order.push(c);
      } else throw new Error(`unsupported strptime directive %${c}`);
    } else re += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const m = new RegExp(re + '$', 'i').exec(text);
  // the data itself is not echoed: it may come from a secret
  if (!m) throw new Error(`time data does not match format '${fmt}'`);
  let offsetMin = 0;
  order.forEach((c, idx) => {
    const v = m[idx + 1];
    // weekday names are matched, not used (as in Python); month names give the month
    if (c === 'a' || c === 'A') return;
    if (c === 'b' || c === 'B')
      fields.m = MONTHS.findIndex((n) => n.toLowerCase().startsWith(v.toLowerCase())) + 1;
    else if (c === 'y') fields.Y = 2000 + Number(v) - (Number(v) >= 69 ? 100 : 0);
    else if (c === 'f') fields.f = Number(v.padEnd(6, '0'));
    else if (c === 'z') {
      if (v !== 'Z')
        offsetMin = (v[0] === '-' ? -1 : 1) * (Number(v.slice(1, 3)) * 60 + Number(v.slice(3)));
    } else fields[c] = Number(v);
  });
  const wall =
    Date.UTC(
      fields.Y,
      fields.m - 1,
      fields.d,
      fields.H,
      fields.M,
      fields.S,
      Math.floor(fields.f / 1000),
    ) -
    offsetMin * 60000;
  return new PyDateTime(wall);
}
