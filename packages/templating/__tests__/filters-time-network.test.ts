/** now(), to_datetime, strftime, date arithmetic; ipaddr / ipwrap. */
import { createScope, renderString } from '../src';
import { Row, render } from './helpers';

const v = { t1: '2024-01-02 03:04:05', t2: '2024-01-03 04:05:07' };

const rows: Row[] = [
  ['{{ t1 | to_datetime }}', v, '2024-01-02 03:04:05'],
  ['{{ (t2 | to_datetime) - (t1 | to_datetime) }}', v, '1 day, 1:01:02'],
  ['{{ ((t2 | to_datetime) - (t1 | to_datetime)).seconds }}', v, '3662'], // seconds *component*
  ['{{ ((t2 | to_datetime) - (t1 | to_datetime)).days }}', v, '1'],
  ['{{ ((t2 | to_datetime) - (t1 | to_datetime)).total_seconds() }}', v, '90062'],
  [
    '{{ ("20240102T0304" | to_datetime("%Y%m%dT%H%M")).strftime("%d/%m/%Y %H:%M") }}',
    v,
    '02/01/2024 03:04',
  ],
  ['{{ (t1 | to_datetime).year }}-{{ (t1 | to_datetime).month }}', v, '2024-1'],
  ['{{ "%Y-%m-%d" | strftime(0) }}', v, '1970-01-01'],
  [
    '{{ "%Y%m%d %H:%M:%S %j %a %b" | strftime(86400 * 59 + 3661, utc=True) }}',
    v,
    '19700301 01:01:01 060 Sun Mar',
  ],
  ['{{ now() is datetime }}', v, true],
  ['{{ (now(utc=True) - (t1 | to_datetime)).days > 300 }}', v, true],
  // ipaddr / ipwrap (ansible.utils)
  ['{{ "10.0.0.1" | ipaddr }}', v, '10.0.0.1'],
  ['{{ "::1" | ipaddr }}', v, '::1'],
  ['{{ "registry.example" | ipaddr }}', v, false],
  ['{{ "10.0.0.0/8" | ipaddr }}', v, '10.0.0.0/8'],
  ['{{ "10.0.0.1" | ipaddr("ipv6") }}', v, false],
  ['{{ "fd00::5" | ipaddr("version") }}', v, '6'],
  ['{{ "fd00::5" | ipwrap }}', v, '[fd00::5]'],
  ['{{ "10.1.2.3" | ipwrap }}', v, '10.1.2.3'],
  ['{{ "host.example" | ipwrap }}', v, 'host.example'],
  ['{{ ["::1", "h"] | ipwrap }}', v, ['[::1]', 'h']],
  ['{{ ("fd00::5" | ipaddr) | ternary("ip", "name") }}', v, 'ip'],
];

test.each(rows)('%s', (tpl, vars, expected) => {
  expect(render(tpl, vars)).toEqual(expected);
});

test('now(utc=True, fmt=...) formats the current UTC date with strftime directives', () => {
  const before = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  const out = renderString("{{ now(utc=True, fmt='%Y%m%d') }}", createScope([{}]));
  const after = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  expect([before, after]).toContain(out);
  expect(renderString("{{ now(fmt='%Y') }}x", createScope([{}]))).toMatch(/^\d{4}x$/);
});

test('to_datetime with a non-matching format fails like strptime', () => {
  expect(() => render('{{ "2024/01/02" | to_datetime }}')).toThrow(/does not match format/);
});
