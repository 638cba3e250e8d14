/** combine, dict2items/items2dict, select/reject(attr), map, set algebra, flatten, zip, sort... */
import { Row, render } from './helpers';

const images = [
  { repository: 'a', arch: ['amd64'], tags: ['1'] },
  { repository: 'b', tags: ['2', 'latest'] },
  { repository: 'c', arch: ['arm64'], siblings: [] },
];
const v = {
  images,
  docker_config: { auths: { 'old.io': { auth: 'x' } }, credsStore: 'desktop', list: [1, 2] },
  new_config: { auths: { 'new.io': { auth: 'y' } }, list: [2, 3] },
  nested: [1, [2, [3, [4]]], null],
  nums: [3, 1, 2, 3, 1],
  words: ['b', 'A', 'a', 'B'],
  results: [{ failed: true, item: 1 }, { changed: true, item: 2 }, { item: 3 }],
};

const rows: Row[] = [
  // combine: None terms are skipped, a single term is returned as it is
  ['{{ none | combine({"z": 1}) }}', { none: null }, { z: 1 }],
  ['{{ [none, {"a": 1}, {"b": 2}] | combine }}', { none: null }, { a: 1, b: 2 }],
  ['{{ [] | combine }}', v, {}],
  // combine
  ['{{ {"a": 1, "b": {"x": 1}} | combine({"b": {"y": 2}}) }}', v, { a: 1, b: { y: 2 } }],
  [
    '{{ {"a": 1, "b": {"x": 1}} | combine({"b": {"y": 2}}, recursive=True) }}',
    v,
    { a: 1, b: { x: 1, y: 2 } },
  ],
  [
    '{{ docker_config | combine(new_config, recursive=True) }}',
    v,
    {
      auths: { 'old.io': { auth: 'x' }, 'new.io': { auth: 'y' } },
      credsStore: 'desktop',
      list: [2, 3],
    },
  ],
  [
    '{{ docker_config | combine(new_config, list_merge="append") | json_query("list") }}',
    v,
    [1, 2, 2, 3],
  ],
  [
    '{{ docker_config | combine(new_config, list_merge="append_rp") | json_query("list") }}',
    v,
    [1, 2, 3],
  ],
  [
    '{{ docker_config | combine(new_config, list_merge="prepend") | json_query("list") }}',
    v,
    [2, 3, 1, 2],
  ],
  ['{{ docker_config | combine(new_config, list_merge="keep") | json_query("list") }}', v, [1, 2]],
  ['{{ {"a": 1} | combine({"a": 2}, {"a": 3, "b": 4}) }}', v, { a: 3, b: 4 }],
  ['{{ {"a": 1} | combine([{"b": 2}, {"c": 3}]) }}', v, { a: 1, b: 2, c: 3 }],
  // dict2items / items2dict
  [
    '{{ {"a": 1, "b": 2} | dict2items }}',
    v,
    [
      { key: 'a', value: 1 },
      { key: 'b', value: 2 },
    ],
  ],
  ['{{ {"a": 1} | dict2items(key_name="k", value_name="v") }}', v, [{ k: 'a', v: 1 }]],
  ['{{ [{"key": "a", "value": 1}] | items2dict }}', v, { a: 1 }],
  ['{{ [{"n": "a", "v": 1}] | items2dict(key_name="n", value_name="v") }}', v, { a: 1 }],
  ['{{ [["a", 1], ["b", 2]] | dict }}', v, { a: 1, b: 2 }],
  // selectattr / rejectattr / select / reject / map
  [
    '{{ images | selectattr("arch", "defined") | map(attribute="repository") | list }}',
    v,
    ['a', 'c'],
  ],
  ['{{ images | rejectattr("arch", "defined") | map(attribute="repository") | list }}', v, ['b']],
  [
    '{{ images | selectattr("repository", "equalto", "b") | map(attribute="tags") | first }}',
    v,
    ['2', 'latest'],
  ],
  ['{{ images | selectattr("repository", "==", "c") | list | length }}', v, '1'],
  [
    '{{ images | selectattr("repository", "in", ["a", "c"]) | map(attribute="repository") | list }}',
    v,
    ['a', 'c'],
  ],
  ['{{ images | selectattr("siblings", "defined") | map(attribute="repository") | join }}', v, 'c'],
  [
    '{{ images | selectattr("arch", "defined") | selectattr("arch.0", "match", "arm") | map(attribute="repository") | list }}',
    v,
    ['c'],
  ],
  ['{{ results | select("failed") | map(attribute="item") | list }}', v, [1]],
  ['{{ results | selectattr("item", "gt", 1) | map(attribute="item") | list }}', v, [2, 3]],
  ['{{ results | reject("failed") | map(attribute="item") | list }}', v, [2, 3]],
  ['{{ results | select("changed") | map(attribute="item") | list }}', v, [2]],
  ['{{ [0, 1, "", "x", none] | select | list }}', v, [1, 'x']],
  ['{{ [0, 1, "", "x"] | reject | list }}', v, [0, '']],
  ['{{ ["a", "b"] | map("upper") | list }}', v, ['A', 'B']],
  ['{{ ["a-b", "c-d"] | map("replace", "-", "+") | list }}', v, ['a+b', 'c+d']],
  ['{{ images | map(attribute="arch", default=[]) | list }}', v, [['amd64'], [], ['arm64']]],
  ['{{ images | map(attribute="tags.0") | select("defined") | list }}', v, ['1', '2']],
  // set algebra, unique
  ['{{ nums | unique }}', v, [3, 1, 2]],
  ['{{ words | unique }}', v, ['b', 'A']],
  ['{{ words | unique(case_sensitive=true) }}', v, ['b', 'A', 'a', 'B']],
  ['{{ [1, 2] | union([2, 3]) }}', v, [1, 2, 3]],
  ['{{ [1, 2, 3] | difference([2]) }}', v, [1, 3]],
  ['{{ [1, 2, 3] | intersect([3, 2, 9]) }}', v, [2, 3]],
  ['{{ [1, 2] | symmetric_difference([2, 3]) }}', v, [1, 3]],
  // flatten / zip / product / subelements
  ['{{ nested | flatten }}', v, [1, 2, 3, 4]],
  ['{{ nested | flatten(levels=1) }}', v, [1, 2, [3, [4]]]],
  ['{{ [1, none] | flatten(skip_nulls=false) }}', v, [1, null]],
  [
    '{{ [1, 2, 3] | zip(["a", "b"]) | list }}',
    v,
    [
      [1, 'a'],
      [2, 'b'],
    ],
  ],
  [
    '{{ [1, 2] | zip_longest(["a"], fillvalue="-") | list }}',
    v,
    [
      [1, 'a'],
      [2, '-'],
    ],
  ],
  [
    '{{ [1, 2] | product(["a", "b"]) | list }}',
    v,
    [
      [1, 'a'],
      [1, 'b'],
      [2, 'a'],
      [2, 'b'],
    ],
  ],
  [
    '{{ images | subelements("tags") | map("last") | list }}',
    {
      images: [
        { n: 1, tags: ['x', 'y'] },
        { n: 2, tags: ['z'] },
      ],
    },
    ['x', 'y', 'z'],
  ],
  // ordering and aggregates
  ['{{ nums | sort }}', v, [1, 1, 2, 3, 3]],
  ['{{ nums | sort(reverse=true) | first }}', v, '3'],
  ['{{ words | sort }}', v, ['A', 'a', 'b', 'B']],
  [
    '{{ images | sort(attribute="repository", reverse=true) | map(attribute="repository") | join }}',
    v,
    'cba',
  ],
  ['{{ nums | reverse | list }}', v, [1, 3, 2, 1, 3]],
  ['{{ "abc" | reverse }}', v, 'cba'],
  ['{{ nums | min }}-{{ nums | max }}-{{ nums | sum }}', v, '1-3-10'],
  [
    '{{ {"b": 1, "a": 2} | dictsort }}',
    v,
    [
      ['a', 2],
      ['b', 1],
    ],
  ],
  ['{{ [1, 2, 3, 4, 5] | batch(2) | list }}', v, [[1, 2], [3, 4], [5]]],
  // json_query (community.general)
  [
    '{{ arts | json_query("[?metadata.type==\'container_image\'].name") }}',
    {
      arts: [
        { name: 'i', metadata: { type: 'container_image' } },
        { name: 'd', metadata: { type: 'docs' } },
      ],
    },
    ['i'],
  ],
  ['{{ {"a": {"b": 1}} | json_query("a.b") }}', v, '1'],
];

test.each(rows)('%s', (tpl, vars, expected) => {
  expect(render(tpl, vars)).toEqual(expected);
});

test.each<[string, RegExp]>([
  ['{{ [1] | combine({"a": 1}) }}', /combine expects dictionaries/],
  ['{{ images | selectattr("arch", "nosuchtest") | list }}', /no test named 'nosuchtest'/],
  ['{{ images | map(attribute="arch") | list | string }}', /no attribute 'arch'/],
  ['{{ images | selectattr("arch.0", "match", "arm") | list }}', /no attribute 'arch'/], // strict, like Jinja
  ['{{ [1] | json_query("[") }}', /json_query/],
])('%s fails', (tpl, err) => {
  expect(() => render(tpl, v)).toThrow(err);
});

test.each<Row>([
  ['{{ {"a": 1} | items | list }}', v, [['a', 1]]],
  // attr is getattr: a dict's keys are not attributes, its methods are
  ['{{ images | first | attr("repository") is undefined }}', v, true],
  ['{{ images | first | attr("items") is callable }}', v, true],
  ['{{ ["a", "c"] | map("extract", {"a": 1, "c": 3}) | list }}', v, [1, 3]],
  ['{{ [0] | map("extract", images, "repository") | list }}', v, ['a']],
  [
    '{{ [{"t": "x", "n": 1}, {"t": "y", "n": 2}, {"t": "x", "n": 3}] | groupby("t") | map("first") | list }}',
    v,
    ['x', 'y'],
  ],
  ['{{ images | ansible.builtin.selectattr("arch", "defined") | list | length }}', v, '2'],
  ['{{ {"a": {"b": 1}} | community.general.json_query("a.b") }}', v, '1'],
  ['{{ "::1" | ansible.utils.ipwrap }}', v, '[::1]'],
  ['{{ "abc" is ansible.builtin.match("a") }}', v, true],
])('%s', (tpl, vars, expected) => {
  expect(render(tpl, vars)).toEqual(expected);
});
