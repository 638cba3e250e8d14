/** default/d, mandatory, bool, ternary, conversions, sizes, join. */
import { OMIT } from '../src';
import { Row, render } from './helpers';

const v = { e: '', z: 0, f: false, l: [3, 1, 2], d: { a: 1, b: 2 }, none: null, s: 'abc', n: 5 };

const rows: Row[] = [
  // default / d
  ['{{ missing | default("x") }}', v, 'x'],
  ['{{ missing | d("x") }}', v, 'x'],
  ['{{ e | default("x") }}', v, ''],
  ['{{ e | default("x", true) }}', v, 'x'],
  ['{{ z | default("x", true) }}', v, 'x'],
  ['{{ f | default("x", true) }}', v, 'x'],
  ['{{ none | default("x", true) }}', v, 'x'],
  ['{{ none | default("x") }}', v, ''], // None prints as nothing
  ['{{ [] | default(["latest"], true) }}', v, ['latest']],
  ['{{ missing.tags | default(["latest"]) }}', v, ['latest']],
  ['{{ missing | default(omit) }}', v, OMIT],
  ['{{ missing | default(boolean=true, default_value="k") }}', v, 'k'],
  ['{{ s | mandatory }}', v, 'abc'],
  // bool
  ...(['yes', 'on', '1', 'true', 'True', 'YES', 'On'] as const).map<Row>((x) => [
    `{{ "${x}" | bool }}`,
    v,
    true,
  ]),
  ...(['no', 'off', '0', 'false', 'False', 'NO', '', 'other', 'y', ' yes'] as const).map<Row>(
    (x) => [`{{ "${x}" | bool }}`, v, false],
  ),
  ['{{ true | bool }}', v, true],
  ['{{ 1 | bool }}', v, true],
  ['{{ none | bool }}', v, ''], // to_bool passes None through; None prints as nothing
  ['{{ 2 | bool }}', v, false],
  // ternary
  ['{{ true | ternary("a", "b") }}', v, 'a'],
  ['{{ e | ternary("a", "b") }}', v, 'b'],
  ['{{ none | ternary("a", "b", "n") }}', v, 'n'],
  ['{{ none | ternary("a", "b") }}', v, 'b'],
  // conversions
  ['{{ n | string }}', v, '5'],
  ['{{ "5000" | int + 1 }}', v, '5001'],
  ['{{ (n | string) ~ "x" }}', v, '5x'],
  ['{{ "x" | int }}', v, '0'],
  ['{{ "x" | int(7) }}', v, '7'],
  ['{{ "3.7" | int }}', v, '3'],
  ['{{ "ff" | int(base=16) }}', v, '255'],
  ['{{ "1.5" | float }}', v, '1.5'],
  ['{{ s | list }}', v, ['a', 'b', 'c']],
  ['{{ d | list }}', v, ['a', 'b']],
  ['s={{ true | string }}', v, 's=True'],
  ['{{ true | string }}', v, 'True'], // string's result stays text (NativeJinjaText)
  ['s={{ l | string }}', v, 's=[3, 1, 2]'],
  ['{{ (l | string)[0] }}', v, '['],
  // sizes, first/last, join
  ['{{ l | length }}', v, '3'],
  ['{{ d | length }}', v, '2'],
  ['{{ s | count }}', v, '3'],
  ['{{ l | first }}/{{ l | last }}', v, '3/2'],
  ['{{ l | join(",") }}', v, '3,1,2'],
  ['{{ ["a", 1, none, true] | join }}', v, 'a1NoneTrue'],
  ['{{ [{"n": "x"}, {"n": "y"}] | join(" ", attribute="n") }}', v, 'x y'],
  ['{{ l | type_debug }}', v, 'list'],
  ['{{ missing | type_debug }}', v, 'AnsibleUndefined'],
  ['{{ 2.567 | round(1) }}', v, '2.6'],
  ['{{ -3 | abs }}', v, '3'],
];

test.each(rows)('%s', (tpl, vars, expected) => {
  expect(render(tpl, vars)).toEqual(expected);
});

test.each<[string, RegExp]>([
  ['{{ missing | mandatory }}', /Mandatory variable 'missing' not defined/],
  ['{{ missing | mandatory("give me missing") }}', /give me missing/],
  ['{{ missing | int }}', /'missing' is undefined/],
  ['{{ missing | length }}', /'missing' is undefined/],
])('%s fails', (tpl, err) => {
  expect(() => render(tpl, v)).toThrow(err);
});

test('YAML timestamps (JS Date) render like Python date/datetime', () => {
  expect(render('d={{ d }}', { d: new Date('2024-01-02T00:00:00Z') })).toBe('d=2024-01-02');
  expect(render('d={{ d }}', { d: new Date('2024-01-02T03:04:05Z') })).toBe(
    'd=2024-01-02 03:04:05',
  );
});
