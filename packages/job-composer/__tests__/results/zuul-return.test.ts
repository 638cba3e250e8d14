import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ResultsError, mergeData, mergeZuulReturn, readResults } from '../../src/results';
import { tree } from '../config/helpers';

describe('merge_data', () => {
  test.each([
    ['new keys added', { a: 1 }, { b: 2 }, { a: 1, b: 2 }],
    [
      'dicts merge recursively, new wins at leaves',
      { d: { x: 2, z: 3 } },
      { d: { x: 1, y: 1 } },
      { d: { x: 2, y: 1, z: 3 } },
    ],
    ['lists are replaced', { l: [3] }, { l: [1, 2] }, { l: [3] }],
    ['dict replaces scalar', { a: { b: 1 } }, { a: 'x' }, { a: { b: 1 } }],
    [
      'zuul.artifacts: new call first, then existing',
      { zuul: { artifacts: [{ name: 'new', url: 'n' }] } },
      { zuul: { artifacts: [{ name: 'old', url: 'o' }], log_url: 'http://l/' } },
      {
        zuul: {
          artifacts: [
            { name: 'new', url: 'n' },
            { name: 'old', url: 'o' },
          ],
          log_url: 'http://l/',
        },
      },
    ],
    [
      'zuul.warnings concatenated new + existing',
      { zuul: { warnings: ['w2'] } },
      { zuul: { warnings: ['w1'] } },
      { zuul: { warnings: ['w2', 'w1'] } },
    ],
    [
      'non-list artifacts count as empty',
      { zuul: { artifacts: 'bogus' } },
      { zuul: { artifacts: [{ name: 'a', url: 'u' }] } },
      { zuul: { artifacts: [{ name: 'a', url: 'u' }] } },
    ],
    [
      'zuul.file_comments: per file existing then new',
      {
        zuul: {
          file_comments: {
            'a.py': [{ line: 2, message: 'new' }],
            'b.py': [{ line: 1, message: 'b' }],
          },
        },
      },
      { zuul: { file_comments: { 'a.py': [{ line: 1, message: 'old' }] } } },
      {
        zuul: {
          file_comments: {
            'a.py': [
              { line: 1, message: 'old' },
              { line: 2, message: 'new' },
            ],
            'b.py': [{ line: 1, message: 'b' }],
          },
        },
      },
    ],
    [
      'zuul.retry false arrives through the generic merge',
      { zuul: { retry: false } },
      { zuul: { retry: true } },
      { zuul: { retry: false } },
    ],
    [
      'zuul.pause and child_jobs merge like other keys',
      { zuul: { pause: true } },
      { zuul: { child_jobs: ['a'] } },
      { zuul: { pause: true, child_jobs: ['a'] } },
    ],
  ])('%s', (_name, newData, existing, expected) => {
    const before = structuredClone(existing);
    expect(mergeData(newData, existing)).toEqual(expected);
    expect(existing).toEqual(before);
  });
});

describe('results.json', () => {
  test('written as Python json.dump does (", " and ": " separators, ASCII escapes)', () => {
    const dir = tree({ 'results.json': '' });
    const file = join(dir, 'results.json');
    mergeZuulReturn(file, { data: { msg: 'café ✓', n: 5, ok: true, none: null, l: [1, 'a'] } });
    expect(readFileSync(file, 'utf8')).toBe(
      '{"data": {"msg": "caf\\u00e9 \\u2713", "n": 5, "ok": true, "none": null, "l": [1, "a"]}, "secret_data": {}}',
    );
  });

  test('empty file (as created at job start) and missing file read as no data', () => {
    const dir = tree({ 'work/results.json': '' });
    expect(readResults(join(dir, 'work/results.json'))).toEqual({ data: {}, secret_data: {} });
    expect(readResults(join(dir, 'work/none.json'))).toEqual({ data: {}, secret_data: {} });
  });

  test('successive calls: file -> secret_file -> data -> secret_data, compact JSON, atomic, 0600', () => {
    const dir = tree({
      'work/results.json': '',
      'extra.json': JSON.stringify({ from_file: 1, shared: 'file' }),
      'secret.json': JSON.stringify({ token: 'from-file' }),
    });
    const results = join(dir, 'work/results.json');
    mergeZuulReturn(results, {
      data: { zuul: { artifacts: [{ name: 'a1', url: 'u1' }] }, keep: 1 },
    });
    const out = mergeZuulReturn(results, {
      file: join(dir, 'extra.json'),
      secret_file: join(dir, 'secret.json'),
      data: {
        shared: 'data',
        zuul: { artifacts: [{ name: 'a2', url: 'u2', metadata: { type: 'container_image' } }] },
      },
      secret_data: { buildset_registry: { host: 'h', password: 'p' } },
    });
    const expected = {
      data: {
        zuul: {
          artifacts: [
            { name: 'a2', url: 'u2', metadata: { type: 'container_image' } },
            { name: 'a1', url: 'u1' },
          ],
        },
        keep: 1,
        from_file: 1,
        shared: 'data',
      },
      secret_data: { token: 'from-file', buildset_registry: { host: 'h', password: 'p' } },
    };
    expect(out).toEqual(expected);
    expect(JSON.parse(readFileSync(results, 'utf8'))).toEqual(expected);
    expect(readResults(results)).toEqual(expected);
    expect(statSync(results).mode & 0o777).toBe(0o600);
  });

  test.each([
    [
      'artifact without url',
      { zuul: { artifacts: [{ name: 'x' }] } },
      /data\.zuul\.artifacts\[0\]\.url: required str/,
    ],
    [
      'artifact with an unknown key',
      { zuul: { artifacts: [{ name: 'x', url: 'u', size: 1 }] } },
      /artifacts\[0\]\.size: extra keys not allowed/,
    ],
    ['log_url not a string', { zuul: { log_url: 5 } }, /data\.zuul\.log_url: expected str/],
    [
      'warnings not strings',
      { zuul: { warnings: [1] } },
      /data\.zuul\.warnings: expected a list of str/,
    ],
  ])('schema violation (%s) fails and writes nothing', (_name, data, message) => {
    const dir = tree({ 'results.json': '' });
    const file = join(dir, 'results.json');
    expect(() => mergeZuulReturn(file, { data })).toThrow(message);
    expect(readFileSync(file, 'utf8')).toBe('');
  });

  test('a results file that is not JSON is an error naming the file', () => {
    const dir = tree({ 'results.json': '{"data": ' });
    const file = join(dir, 'results.json');
    expect(() => readResults(file)).toThrow(ResultsError);
    expect(() => mergeZuulReturn(file, { data: { a: 1 } })).toThrow(`${file}: not a JSON file`);
    writeFileSync(file, '{"secret_data": {"password": hunter2}}');
    expect(() => readResults(file)).toThrow(/not a JSON file: invalid JSON/);
    expect(() => readResults(file)).not.toThrow(/hunter2/);
    writeFileSync(file, '[1]');
    expect(() => readResults(file)).toThrow(`${file}: expected a JSON dictionary`);
  });
});
