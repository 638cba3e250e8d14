/** ipaddr / ipwrap (ansible.utils), for the forms zuul-jobs uses: validate and bracket IPv6. */
import { pyStr } from '../python';
import { defined } from '../undefined';
import { FilterTable } from './types';

/** node:net's isIP, loaded on use: node:net is a tenth of a short run's start-up. */
function isIP(addr: string): number {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('node:net') as typeof import('node:net')).isIP(addr);
}

function stripBrackets(s: string): string {
  return s.startsWith('[') && s.endsWith(']') ? s.slice(1, -1) : s;
}

/** The address without an optional /prefix, if it is an IP address. */
function ipVersion(value: string): number {
  const [addr, prefix] = stripBrackets(value).split('/');
  if (prefix !== undefined && !/^\d{1,3}$/.test(prefix)) return 0;
  return isIP(addr);
}

/** network / netmask / broadcast / prefix of an IPv4 `address/prefix` (prefix 32 if absent). */
function ipv4Part(s: string, q: string): string | number {
  const [addr, p] = s.split('/');
  const prefix = p === undefined ? 32 : Number(p);
  if (q === 'prefix') return prefix;
  const n = addr.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const value = q === 'netmask' ? mask : q === 'network' ? (n & mask) >>> 0 : (n | ~mask) >>> 0;
  return [24, 16, 8, 0].map((sh) => (value >>> sh) & 255).join('.');
}

function ipaddr(value: unknown, query?: unknown): unknown {
  const v = defined(value);
  if (Array.isArray(v)) return v.filter((x) => ipaddr(x, query) !== false);
  if (typeof v !== 'string' && typeof v !== 'number') return false;
  const s = pyStr(v);
  const ver = ipVersion(s);
  if (!ver) return false;
  const q = query === undefined ? '' : pyStr(query);
  if (q === '' || q === 'address') return q === 'address' ? stripBrackets(s).split('/')[0] : s;
  if (q === 'ipv4' || q === '4') return ver === 4 ? s : false;
  if (q === 'ipv6' || q === '6') return ver === 6 ? s : false;
  if (q === 'version') return ver;
  if (ver === 4 && ['network', 'netmask', 'broadcast', 'prefix'].includes(q)) return ipv4Part(s, q);
  return s;
}

export const networkFilters: FilterTable = {
  ipaddr,
  ipv4: (v) => ipaddr(v, 'ipv4'),
  ipv6: (v) => ipaddr(v, 'ipv6'),
  ipwrap(value) {
    const v = defined(value);
    if (Array.isArray(v)) return v.map((x) => networkFilters.ipwrap(x));
    const s = pyStr(v);
    const [addr] = s.split('/');
    return isIP(addr) === 6 ? `[${addr}]${s.slice(addr.length)}` : s;
  },
};
