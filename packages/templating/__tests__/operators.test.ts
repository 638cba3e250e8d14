/** Python semantics inside expressions and the Python methods zuul-jobs templates call. */
import { Row, render } from './helpers';

const v = {
  l: ['a', 'b'],
  d: { k: 'v', n: 1 },
  s: 'docker.io/org/repo',
  n: 5,
  e: [],
  ed: {},
  z: 0,
  port: 5000,
  change: '123',
};

const rows: Row[] = [
  // truthiness: [] and {} are false in Python (true in JS)
  ['{{ "y" if e else "n" }}', v, 'n'],
  ['{{ "y" if ed else "n" }}', v, 'n'],
  ['{{ e or "fallback" }}', v, 'fallback'],
  ['{{ l and "has" }}', v, 'has'],
  ['{{ z or n }}', v, '5'],
  ['{% if not e %}empty{% endif %}', v, 'empty'],
  // equality is deep and uncoerced
  ['{{ l == ["a", "b"] }}', v, true],
  ['{{ d == {"n": 1, "k": "v"} }}', v, true],
  ['{{ change == 123 }}', v, false],
  ['{{ port == 5000 }}', v, true],
  ['{{ 1 < n < 10 }}', v, true],
  ['{{ True == 1 }}', v, true],
  // operators
  ['{{ [1] + l }}', v, [1, 'a', 'b']],
  ['{{ "%s:%s" % (s, n) }}', v, 'docker.io/org/repo:5'],
  ['{{ "%s" % s }}', v, 'docker.io/org/repo'],
  ['{{ "%05d|%-3s|%.2f" % (n, "x", 1.5) }}', v, '00005|x  |1.50'],
  ['{{ n ~ "-" ~ l }}', v, "5-['a', 'b']"],
  ['{{ "ab" * 2 }}', v, 'abab'],
  ['{{ 7 // 2 }}', v, '3'],
  ['{{ 7 % 3 }}', v, '1'],
  ['{{ 2 ** 3 }}', v, '8'],
  ['{{ -n }}', v, '-5'],
  ['{{ "k" in d }}', v, true],
  ['{{ "x" not in l }}', v, true],
  ['{{ "org" in s }}', v, true],
  ['{{ "a" is in l }}', v, true],
  ['{{ "c" is not in l }}', v, true],
  ['{{ True and False }}', v, false],
  ['{{ none is none }}', v, true],
  // methods
  ['{{ s.startswith("docker.io/") }}', v, true],
  ['{{ s.endswith(("x", "repo")) }}', v, true],
  ['{{ s.split("/") }}', v, ['docker.io', 'org', 'repo']],
  ['{{ s.split("/", 1).1 }}', v, 'org/repo'],
  ['{{ s.split("/", 1)[0] }}', v, 'docker.io'],
  ['{{ l.0 }}-{{ l[-1] }}', v, 'a-b'],
  ['{{ "a b  c".split() }}', v, ['a', 'b', 'c']],
  ['{{ d.get("k") }}|{{ d.get("zz", "dflt") }}|{{ d.get("zz") }}', v, 'v|dflt|'],
  [
    '{{ d.items() | list }}',
    v,
    [
      ['k', 'v'],
      ['n', 1],
    ],
  ],
  ['{{ d.keys() | list }}', v, ['k', 'n']],
  ['{{ d.values() | list }}', v, ['v', 1]],
  ['{% for k, x in d.items() %}{{ k }}={{ x }};{% endfor %}', v, 'k=v;n=1;'],
  ['{% for k in d %}{{ k }}{% endfor %}', v, 'kn'],
  ['{{ "  x ".strip() }}|{{ "xxyxx".strip("x") }}', v, 'x|y'],
  ['{{ "A".lower() }}{{ "b".upper() }}', v, 'aB'],
  ['{{ "a-b-c".replace("-", "_") }}', v, 'a_b_c'],
  ['{{ "{}:{}".format("h", 1) }}', v, 'h:1'],
  ['{{ ",".join(l) }}', v, 'a,b'],
  ['{% set x = [] %}{{ x.append(1) }}{{ x }}', v, [1]],
  ['{{ l.index("b") }}', v, '1'],
  ['{{ a.b.c | default("deep") }}', v, 'deep'],
  ['{{ d.missing is defined }}', v, false],
  ['{{ d.missing.deeper is undefined }}', v, true],
];

test.each(rows)('%s', (tpl, vars, expected) => {
  expect(render(tpl, vars)).toEqual(expected);
});

test.each<[string, RegExp]>([
  ['{{ "a" + 1 }}', /can only concatenate str \(not "int"\) to str/],
  ['{{ change + 1 }}', /can only concatenate str/],
  ['{{ undefined_thing }}', /'undefined_thing' is undefined/],
  ['{{ d.nokey }}', /'dict object' has no attribute 'nokey'/],
  ['{{ l.5 }}', /list object has no element 5/],
  ['{% for x in nothing %}{% endfor %}', /'nothing' is undefined/],
  ['{{ nothing.method() }}', /'nothing' is undefined/],
])('%s fails', (tpl, err) => {
  expect(() => render(tpl, v)).toThrow(err);
});

describe('Jinja syntax nunjucks lacks', () => {
  const rows2: Row[] = [
    ['{{ l[1:] }}', v, ['b']],
    ['{{ s[:9] }}', v, 'docker.io'],
    ['{{ s[-4:] }}', v, 'repo'],
    ['{{ [1, 2, 3, 4, 5][::2] }}', v, [1, 3, 5]],
    ['{{ [1, 2, 3][::-1] }}', v, [3, 2, 1]],
    ['{{ s.split("/")[1:] | join("/") }}', v, 'org/repo'],
    ['{{ l[n - 4:] }}', v, ['b']],
    ['{{ {"a": {"b": 1}} }}', v, { a: { b: 1 } }],
    ['{{ {n: 1} }}', v, { '5': 1 }], // keys are expressions, as in Jinja
    [
      '{{ {("k" ~ n): [1, {"x": {}}], item.a: 2} }}',
      { ...v, item: { a: 'ka' } },
      { k5: [1, { x: {} }], ka: 2 },
    ], // non-primary keys need parentheses (nunjucks parser)
    ['{% for i in [1, 2] %}{{ {"i": i} | combine({s: i}) | length }}{% endfor %}', v, '22'],
    ['{{ dict(a=1, b=l) }}', v, { a: 1, b: ['a', 'b'] }],
    ['{{ range(3) | list }}', v, [0, 1, 2]],
    ['{{ "x" if n is divisibleby 5 else "y" }}', v, 'x'],
    ['{% if n %}\nyes\n{% endif %}\n', v, 'yes\n'], // trim_blocks, like Ansible's Templar
    ['{% raw %}{{ x.0 }} is {{ y }}{% endraw %}', v, '{{ x.0 }} is {{ y }}'],
    ['{% for x in [1, 2, 3] if x > 1 %}{{ x }}@{{ loop.index }};{% endfor %}', v, '2@1;3@2;'], // loop filter
    ['{% for k, x in d.items() if x == 1 %}{{ k }}{% endfor %}', v, 'n'],
    ['{% for x in l if x == "z" %}a{% else %}none{% endfor %}', v, 'none'],
    [
      '{% set ns = namespace(found=false, n=0) %}{% for x in [1, 2, 3] %}{% if x > 1 %}{% set ns.found = true %}{% set ns.n = ns.n + x %}{% endif %}{% endfor %}{{ ns.found }}/{{ ns.n }}',
      v,
      'True/5',
    ],
  ];
  test.each(rows2)('%s', (tpl, vars, expected) => {
    expect(render(tpl, vars)).toEqual(expected);
  });
});

test.each<[string, RegExp]>([
  ['{{ l | nofilter }}', /no filter named 'nofilter'/],
  ['{{ l is notest }}', /no test named 'notest'/],
  ['{{ l() }}', /'list' object is not callable/],
  ['{% set d.k = 2 %}', /cannot assign attribute on non-namespace object/],
  ['{{ l.nomethod() }}', /'list object' has no attribute 'nomethod'/],
])('unknown names: %s', (tpl, err) => {
  expect(() => render(tpl, v)).toThrow(err);
});

test('loop variables', () => {
  expect(
    render('{% for x in l %}{{ loop.index }}{{ loop.first }}{{ loop.last }};{% endfor %}', v),
  ).toBe('1TrueFalse;2FalseTrue;');
});

test.each<Row>([
  ['{{ "x%s" % l }}', v, "x['a', 'b']"], // a list is one argument; only tuples spread
  ['{{ "%s/%s" % (n, l) }}', v, "5/['a', 'b']"],
  ['{{ "%(k)s=%(n)d" % d }}', v, 'v=1'],
  ['x{{ d.items }}', v, 'x<built-in method>'],
])('%s', (tpl, vars, expected) => {
  expect(render(tpl, vars)).toEqual(expected);
});
