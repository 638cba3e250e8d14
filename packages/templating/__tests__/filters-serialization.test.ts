/** to_json / to_nice_json / from_json / to_yaml / to_nice_yaml / from_yaml. */
import { Row, render } from './helpers';

const v = {
  cfg: { b: 1, a: { c: [true, null, 'x'] } },
  text: '{"auths": {"h": {"auth": "dTpw"}}}',
  yml: 'a: 1\nb: [x, y]\n',
  uni: 'ü',
};

const rows: Row[] = [
  // results in mixed text so the JSON text itself is observable (a bare `{{ x | to_json }}`
  // starting with `{` is literal_eval'd back like Ansible does)
  ['j={{ cfg | to_json }}', v, 'j={"b": 1, "a": {"c": [true, null, "x"]}}'],
  ['j={{ cfg | to_json(sort_keys=true) }}', v, 'j={"a": {"c": [true, null, "x"]}, "b": 1}'],
  ['j={{ uni | to_json }}', v, 'j="\\u00fc"'], // ensure_ascii, as Python's json.dumps
  [
    'j={{ cfg | to_nice_json }}',
    v,
    'j={\n    "a": {\n        "c": [\n            true,\n            null,\n            "x"\n        ]\n    },\n    "b": 1\n}',
  ],
  [
    'j={{ cfg | to_nice_json(indent=2) }}',
    v,
    'j={\n  "a": {\n    "c": [\n      true,\n      null,\n      "x"\n    ]\n  },\n  "b": 1\n}',
  ],
  ['j={{ [] | to_json }}{{ {} | to_json }}', v, 'j=[]{}'],
  ['{{ cfg | to_json }}', v, '{"b": 1, "a": {"c": [true, null, "x"]}}'], // stays text
  ['{{ (text | from_json).auths.h.auth | b64decode }}', v, 'u:p'],
  ['{{ text | from_json }}', v, { auths: { h: { auth: 'dTpw' } } }],
  ['{{ "[1, 2]" | from_json | length }}', v, '2'],
  ['y={{ {"a": 1, "b": ["x"]} | to_yaml }}', v, 'y=a: 1\nb: [x]\n'],
  ['y={{ {"b": 1, "a": ["x"]} | to_nice_yaml }}', v, 'y=a:\n- x\nb: 1\n'],
  ['j={{ "2024-01-02 03:04:05" | to_datetime | to_json }}', v, 'j="2024-01-02T03:04:05"'],
  ['{{ yml | from_yaml }}', v, { a: 1, b: ['x', 'y'] }],
  ['{{ "---\na: 1\n---\nb: 2\n" | from_yaml_all | list }}', v, [{ a: 1 }, { b: 2 }]],
];

test.each(rows)('%s', (tpl, vars, expected) => {
  expect(render(tpl, vars)).toEqual(expected);
});

test.each<[string, RegExp]>([
  ['{{ "{nope" | from_json }}', /from_json/],
  ['{{ "a: [" | from_yaml }}', /from_yaml/],
])('%s fails', (tpl, err) => {
  expect(() => render(tpl, v)).toThrow(err);
});

test.each<Row>([
  ['y={{ {"b": 1, "a": "yes"} | to_yaml }}', v, "y={a: 'yes', b: 1}\n"],
  ['y={{ {"b": {"y": [1, 2]}, "a": 1} | to_yaml }}', v, 'y=a: 1\nb:\n  y: [1, 2]\n'],
  [
    'y={{ {"l": [{"n": 1, "m": "x"}, {"n": 2}]} | to_yaml }}',
    v,
    'y=l:\n- {m: x, n: 1}\n- {n: 2}\n',
  ],
  ['y={{ [{"a": [1]}, "s"] | to_yaml }}', v, 'y=- a: [1]\n- s\n'],
  ['y={{ "plain" | to_yaml }}', v, 'y=plain\n'],
  ['y={{ {} | to_yaml }}', v, 'y={}\n'],
])('PyYAML layout: %s', (tpl, vars, expected) => {
  expect(render(tpl, vars)).toEqual(expected);
});
