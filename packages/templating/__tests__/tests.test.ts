/** Jinja/Ansible tests: defined, none, string, mapping, sequence, match/search/regex, succeeded... */
import { Row, render } from './helpers';

const v = {
  s: 'quay.io/org/img',
  d: { a: 1 },
  l: [1, 2],
  n: null,
  i: 3,
  f: 1.5,
  b: true,
  ok: { changed: false, failed: false },
  bad: { failed: true },
  chg: { changed: true },
  skp: { skipped: true },
  mirror_info: { dockerhub: 'x' },
};

const rows: Row[] = [
  [
    '{{ s is defined }}{{ s is undefined }}{{ zz is defined }}{{ zz is undefined }}',
    v,
    'TrueFalseFalseTrue',
  ],
  ['{{ zz is not defined }}', v, true],
  ['{{ d.a is defined }}{{ d.q is defined }}{{ d.q.r is defined }}', v, 'TrueFalseFalse'],
  ['{{ n is none }}{{ s is none }}', v, 'TrueFalse'],
  ['{{ s is string }}{{ l is string }}', v, 'TrueFalse'],
  ['{{ d is mapping }}{{ l is mapping }}', v, 'TrueFalse'],
  ['{{ l is sequence }}{{ s is sequence }}{{ i is sequence }}', v, 'TrueTrueFalse'],
  ['{{ l is iterable }}{{ d is iterable }}', v, 'TrueTrue'],
  ['{{ i is number }}{{ f is number }}{{ s is number }}', v, 'TrueTrueFalse'],
  [
    '{{ i is integer }}{{ f is float }}{{ b is boolean }}{{ i is boolean }}',
    v,
    'TrueTrueTrueFalse',
  ],
  [
    '{{ i is odd }}{{ l[1] is even }}{{ 9 is divisibleby 3 }}{{ 9 is divisibleby(2) }}',
    v,
    'TrueTrueTrueFalse',
  ],
  ['{{ i is eq 3 }}{{ i is ne 3 }}{{ i is lt 4 }}{{ i is ge 4 }}', v, 'TrueFalseTrueFalse'],
  ['{{ s is match("quay") }}{{ s is match("org") }}', v, 'TrueFalse'],
  ['{{ s is search("org") }}{{ s is search("^org") }}', v, 'TrueFalse'],
  ['{{ s is regex("org") }}{{ s is regex("ORG", ignorecase=true) }}', v, 'TrueTrue'],
  ['{{ s is regex("org", match_type="match") }}', v, false],
  ['{{ "Abc" is match("abc", ignorecase=true) }}', v, true],
  ['{{ "dockerhub" is in mirror_info }}{{ "x" is in mirror_info }}', v, 'TrueFalse'],
  ['{{ l is contains 2 }}{{ [1] is subset(l) }}{{ l is superset([2]) }}', v, 'TrueTrueTrue'],
  [
    '{{ ok is succeeded }}{{ ok is success }}{{ bad is succeeded }}{{ bad is failed }}',
    v,
    'TrueTrueFalseTrue',
  ],
  [
    '{{ chg is changed }}{{ ok is changed }}{{ skp is skipped }}{{ ok is skipped }}',
    v,
    'TrueFalseTrueFalse',
  ],
  ['{{ b is true }}{{ b is false }}{{ "x" is lower }}{{ "X" is upper }}', v, 'TrueFalseTrueTrue'],
  [
    '{{ "/etc" is directory }}{{ "/etc/hostname-nope" is exists }}{{ "/etc" is abs }}',
    v,
    'TrueFalseTrue',
  ],
];

test.each(rows)('%s', (tpl, vars, expected) => {
  expect(render(tpl, vars)).toEqual(expected);
});

test.each<[string, RegExp]>([
  ['{{ zz is string }}', /'zz' is undefined/],
  ['{{ s is nosuchtest }}', /nosuchtest/],
  // subset/superset compare Python sets: lists and dicts inside are unhashable
  ['{{ [[1]] is subset([1]) }}', /unhashable type: 'list'/],
  ['{{ [1] is superset([{"a": 1}]) }}', /unhashable type: 'dict'/],
])('%s fails', (tpl, err) => {
  expect(() => render(tpl, v)).toThrow(err);
});

test.each<Row>([
  ['{{ [] is truthy }}{{ {} is falsy }}{{ "x" is truthy }}', v, 'FalseTrueTrue'],
  ['{{ "a&b" | escape }}', v, 'a&amp;b'],
  ['{{ "a b" | urlencode }}', v, 'a%20b'],
])('%s', (tpl, vars, expected) => {
  expect(render(tpl, vars)).toEqual(expected);
});

test.each<[string, RegExp]>([
  ['{{ zz | escape }}', /'zz' is undefined/],
  ['{{ zz | urlencode }}', /'zz' is undefined/],
])('nunjucks built-ins are strict too: %s', (tpl, err) => {
  expect(() => render(tpl, v)).toThrow(err);
});
