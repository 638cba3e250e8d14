/** Ansible's output conversion (ansible_eval_concat + literal_eval), */
import { createScope, evaluateCondition, evaluateExpression, literalEval } from '../src';
import { Row, render } from './helpers';

const vars = {
  my_list: ['a', 'b'],
  my_dict: { k: [1, 2], n: null },
  port: 5000,
  flag: true,
  listish: '[1, 2]',
  word: 'hello',
  new_auths: '{ "host": {"auth": "x"}, }',
};

const rows: Row[] = [
  ['{{ my_list }}', vars, ['a', 'b']],
  ['{{ my_dict }}', vars, { k: [1, 2], n: null }],
  ['{{ port }}', vars, 5000], // `{{ name }}` of a number variable is the number itself
  ['{{ port + 0 }}', vars, '5000'], // any other expression printing 5000 is the *string* "5000"
  ['{{ port == 5000 }}', vars, true],
  ['{{ flag }}', vars, true],
  ['{{ not flag }}', vars, false],
  ['{{ None }}', vars, ''],
  ['{{ none }}', vars, ''], // `none` is Jinja's None literal: prints as nothing
  ['{{ listish }}', vars, [1, 2]], // a string that looks like a list is literal_eval'd
  ['[{{ port }}, {{ port }}]', vars, [5000, 5000]], // mixed text that forms a literal too
  ['x {{ my_list }}', vars, "x ['a', 'b']"], // mixed text stays a string (Python str())
  ['{{ word }} {{ flag }}', vars, 'hello True'],
  ['{{ new_auths }}', vars, { host: { auth: 'x' } }], // trailing comma accepted (zuul-jobs docker auths)
  ['{{ "{not python" }}', vars, '{not python'], // not a literal: stays a string
  ['plain {text} without template', vars, 'plain {text} without template'],
  ['{{ {"a": true, "b": None} }}', vars, { a: true, b: null }],
  ['{{ my_list | to_json }}', vars, '["a", "b"]'], // to_json's result stays text
  ['{{ 1.5 }}', vars, '1.5'],
  ['{% if flag %}True{% else %}False{% endif %}', vars, true],
  ['{{ my_list }}\n', vars, ['a', 'b']],
];

test.each(rows)('%s', (tpl, v, expected) => {
  expect(render(tpl, v)).toEqual(expected);
});

const literals: Array<[string, unknown]> = [
  ['[\'a\', "b", 1, -2, 3.5, True, False, None]', ['a', 'b', 1, -2, 3.5, true, false, null]],
  ['{"a": {"b": [true, false, null]}}', { a: { b: [true, false, null] } }],
  ["('x', 'y')", ['x', 'y']],
  ["{'a': 1,}", { a: 1 }],
  ["['it\\'s', 'tab\\there']", ["it's", 'tab\there']],
  ["'ab' 'cd'", 'abcd'],
  ['{1, 2}', [1, 2]],
  ['[]', []],
  ['{}', {}],
];

test.each(literals)('literalEval %s', (text, expected) => {
  expect(literalEval(text)).toEqual({ ok: true, value: expected });
});

// String escapes as Python's ast.literal_eval decodes them (outputs checked with python3).
test.each<[string, string]>([
  [String.raw`'\101'`, 'A'],
  [String.raw`'a\0b'`, 'a\u0000b'],
  [String.raw`'\d'`, '\\d'],
  [String.raw`r'\n'`, '\\n'],
  [String.raw`'\x41\u00e9'`, 'A\u00e9'],
  [String.raw`'it\'s'`, "it's"],
])('literalEval decodes the escapes of %s', (text, expected) => {
  expect(literalEval(text)).toEqual({ ok: true, value: expected });
});

test.each(['[a]', '{x: 1}', '[1, 2', "['a' 'b'", 'print(1)', String.raw`'\x4'`])(
  'literalEval rejects %s',
  (text) => {
    expect(literalEval(text).ok).toBe(false);
  },
);

describe('conditionals', () => {
  const s = createScope([
    { a: [], b: { x: 1 }, n: 0, s: 'yes', t: true, cond_text: 'n > 1', yes: false },
  ]);
  test.each<[unknown, boolean]>([
    ['a', false],
    ['b', true],
    ['n', false],
    ['s | bool', true],
    ['a | length == 0', true],
    ['missing is not defined', true],
    ['b.x == 1 and not a', true],
    ['{{ t }}', true],
    [['t', 'b'], true],
    [['t', 'a'], false],
    [false, false],
    ['"x" in b', true],
    ['{{ cond_text }}', false], // rendered first, then evaluated as an expression (Ansible 2.16)
    ['{{ a }}', false],
    ['{{ s }}', false], // renders to 'yes', then evaluated as the expression `yes` (a variable here)
    [null, true],
    ['', true],
    [5, true],
  ])('%p -> %p', (cond, expected) => {
    expect(evaluateCondition(cond, s)).toBe(expected);
  });

  test('undefined in a conditional fails naming the conditional', () => {
    expect(() => evaluateCondition('missing == 1', s, 'tasks/main.yaml:3')).toThrow(
      "tasks/main.yaml:3: The conditional check 'missing == 1' failed. The error was: 'missing' is undefined",
    );
  });

  test('evaluateExpression keeps native values (int stays int)', () => {
    expect(evaluateExpression('n + 5', s)).toBe(5);
    expect(evaluateExpression('b', s)).toEqual({ x: 1 });
  });
});
