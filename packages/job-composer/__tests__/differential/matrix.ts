import { TYPED_VAR_NAMES } from './fixture';
import type { Entry } from './entries';

/** Filters (with fixed arguments) crossed with every typed variable. */
export const MATRIX_FILTERS = [
  'default("d")',
  'd(omit) is string',
  'bool',
  'string',
  'int',
  'float',
  'list',
  'length',
  'count',
  'first',
  'last',
  'join',
  'join(",")',
  'lower',
  'upper',
  'capitalize',
  'title',
  'trim',
  'replace("a", "b")',
  'split',
  'quote',
  'regex_replace("[aeiou]", "_")',
  'regex_search("[0-9]+")',
  'regex_findall("[a-z]")',
  'regex_escape',
  'basename',
  'dirname',
  'splitext',
  'b64encode',
  'hash("sha1")',
  'checksum',
  'md5',
  'to_json',
  'to_nice_json',
  'to_yaml',
  'from_json',
  'from_yaml',
  'unique',
  'flatten',
  'sort',
  'reverse | list',
  'min',
  'max',
  'sum',
  'dict2items',
  'items2dict',
  'abs',
  'round',
  'mandatory',
  'ternary("y", "n")',
  'map("string") | list',
  'select | list',
  'reject | list',
  'combine({"z": 1})',
  'dictsort',
  'center(12)',
  'indent(2)',
  'wordcount',
  'union([1])',
  'difference([1])',
  'intersect([1])',
  'zip([1, 2]) | list',
  'batch(2) | list',
  'selectattr("name", "defined") | list',
  'map(attribute="name") | list',
  'json_query("[0]")',
  'type_debug',
  'urlencode',
  'truncate(5)',
  'random is defined',
];

/** Tests crossed with every typed variable. */
export const MATRIX_TESTS = [
  'defined',
  'undefined',
  'none',
  'string',
  'mapping',
  'sequence',
  'iterable',
  'number',
  'integer',
  'float',
  'boolean',
  'true',
  'false',
  'lower',
  'upper',
  'odd',
  'even',
  'divisibleby(3)',
  'eq(5000)',
  'in(["a", 0])',
  'contains("a")',
  'match("[a-z]+")',
  'search("o")',
  'regex("l+")',
  'subset([1, 2, 3])',
  'superset([])',
  'sameas(true)',
  'truthy',
  'falsy',
  'callable',
];

/** Each typed variable as a bare template, in text, as a condition and through set_fact. */
function perVariable(name: string): Entry[] {
  return [
    { id: `m:bare:${name}`, kind: 'template', value: `{{ ${name} }}` },
    { id: `m:text:${name}`, kind: 'template', value: `<{{ ${name} }}>` },
    { id: `m:list-item:${name}`, kind: 'template', value: [`{{ ${name} }}`] },
    { id: `m:when:${name}`, kind: 'when', value: name },
    { id: `m:set_fact:${name}`, kind: 'set_fact', value: `{{ ${name} }}` },
    { id: `m:plus:${name}`, kind: 'template', value: `{{ ${name} + ${name} }}` },
    { id: `m:eq-self:${name}`, kind: 'when', value: `${name} == ${name}` },
    { id: `m:in-list:${name}`, kind: 'template', value: `{{ ${name} in list_mixed }}` },
  ];
}

/** The generated filter/test x variable-type matrix. */
export function matrixEntries(): Entry[] {
  const out: Entry[] = [];
  for (const name of TYPED_VAR_NAMES) {
    out.push(...perVariable(name));
    for (const f of MATRIX_FILTERS)
      out.push({ id: `m:filter:${f}:${name}`, kind: 'template', value: `{{ ${name} | ${f} }}` });
    for (const t of MATRIX_TESTS)
      out.push({ id: `m:test:${t}:${name}`, kind: 'template', value: `{{ ${name} is ${t} }}` });
  }
  return out;
}
