/** String, regex, path, base64 and hash filters. */
import { Row, render } from './helpers';

const v = {
  host: 'node-1.example',
  repo: 'docker.io/library/ubuntu',
  pw: '  secret\n',
  path: '/a/b/c.tar.gz',
  text: 'ab12cd345',
};

const rows: Row[] = [
  ['{{ host | replace("-", "_") }}', v, 'node_1.example'],
  ['{{ "aaa" | replace("a", "b", 2) }}', v, 'bba'],
  ['{{ "MiXed" | lower }}{{ "x" | upper }}', v, 'mixedX'],
  ['{{ pw | trim }}', v, 'secret'],
  ['{{ "xxhixx" | trim("x") }}', v, 'hi'],
  ['{{ "hello world" | capitalize }}|{{ "hello world" | title }}', v, 'Hello world|Hello World'],
  ['{{ repo | split("/") }}', v, ['docker.io', 'library', 'ubuntu']],
  ['{{ repo | split("/", 1) }}', v, ['docker.io', 'library/ubuntu']],
  ['{{ (repo | split("/", 1)).1 }}', v, 'library/ubuntu'],
  ['{{ "a  b c" | split }}', v, ['a', 'b', 'c']],
  ['{{ "it\'s" | quote }}', v, "'it'\"'\"'s'"],
  ['{{ "simple" | quote }}', v, 'simple'],
  ['{{ "two words" | quote }}', v, "'two words'"],
  ['{{ "" | quote }}', v, "''"],
  // regex_replace: Python re.sub with backrefs
  ['{{ repo | regex_replace("^docker\\.io/", "") }}', v, 'library/ubuntu'],
  ['{{ "foo-bar" | regex_replace("(\\w+)-(\\w+)", "\\2-\\1") }}', v, 'bar-foo'],
  ['{{ "foo-bar" | regex_replace("(?P<a>\\w+)-(?P<b>\\w+)", "\\g<b>+\\g<a>") }}', v, 'bar+foo'],
  ['{{ "AbA" | regex_replace("a", "x", ignorecase=true) }}', v, 'xbx'],
  ['{{ "aaa" | regex_replace("a", "$") }}', v, '$$$'],
  ['{{ "l1\nl2" | regex_replace("^l", "L", multiline=true) }}', v, 'L1\nL2'],
  // regex_search / regex_findall
  ['{{ text | regex_search("\\d+") }}', v, '12'],
  ['{{ text | regex_search("zz") }}', v, ''], // None prints as nothing
  ['{{ text | regex_search("(\\d+)cd(\\d+)", "\\2", "\\1") }}', v, ['345', '12']],
  ['{{ text | regex_search("(?P<num>\\d+)", "\\g<num>") }}', v, ['12']],
  ['{{ "ABC" | regex_search("b", ignorecase=true) }}', v, 'B'],
  ['{{ text | regex_findall("\\d+") }}', v, ['12', '345']],
  [
    '{{ text | regex_findall("([a-z])(\\d)") }}',
    v,
    [
      ['b', '1'],
      ['d', '3'],
    ],
  ],
  ['{{ "a.b" | regex_escape }}', v, 'a\\.b'],
  // paths
  ['{{ path | basename }}', v, 'c.tar.gz'],
  ['{{ path | dirname }}', v, '/a/b'],
  ['{{ "file" | dirname }}', v, ''],
  ['{{ "/x/" | basename }}', v, ''],
  ['{{ path | splitext }}', v, "('/a/b/c.tar', '.gz')"], // a tuple prints as (...) and stays text
  ['{{ ["a", "b", "/c", "d"] | path_join }}', v, '/c/d'],
  // base64 and hashes
  ['{{ "user:pass" | b64encode }}', v, 'dXNlcjpwYXNz'],
  ['{{ "dXNlcjpwYXNz" | b64decode }}', v, 'user:pass'],
  ['{{ "ünï" | b64encode | b64decode }}', v, 'ünï'],
  ['{{ "abc" | hash("sha1") }}', v, 'a9993e364706816aba3e25717850c26c9cd0d89d'],
  ['{{ "abc" | hash("md5") }}', v, '900150983cd24fb0d6963f7d28e17f72'],
  ['{{ "abc" | checksum }}', v, 'a9993e364706816aba3e25717850c26c9cd0d89d'],
  [
    '{{ "abc" | hash("sha256") }}',
    v,
    'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
  ],
  // wordwrap: Python's textwrap per line, whitespace at breaks dropped, long words broken
  ['{{ "aaa bbb ccc" | wordwrap(7) }}', v, 'aaa bbb\nccc'],
  ['{{ "abcdefghij" | wordwrap(4) }}', v, 'abcd\nefgh\nij'],
  ['{{ "abcdefghij x" | wordwrap(4, false) }}', v, 'abcdefghij\nx'],
  ['{{ "one two\nthree" | wordwrap(5, wrapstring="|") }}', v, 'one|two|three'],
  ['{{ "well-known words" | wordwrap(8) }}', v, 'well-\nknown\nwords'],
  // urlencode unpacks each item into key and value: a dict gives its two keys
  ['{{ [{"a": 1, "b": 2}, ["c d", "e"]] | urlencode }}', v, 'a=b&c+d=e'],
];

test.each(rows)('%s', (tpl, vars, expected) => {
  expect(render(tpl, vars)).toEqual(expected);
});

test.each<Row>([
  ['{{ "%s-%03d" | format("a", 7) }}', v, 'a-007'],
  ['{{ "%s" | format(["x"]) }}', v, ['x']],
])('%s', (tpl, vars, expected) => {
  expect(render(tpl, vars)).toEqual(expected);
});
