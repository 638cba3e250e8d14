/** lookup('file'), lookup('env'), lookup('password', '/dev/null'), query/wantlist, vars, first_found. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createScope, renderString } from '../src';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zuul-ts-lookup-'));
  fs.mkdirSync(path.join(dir, 'files'));
  fs.writeFileSync(path.join(dir, 'files', 'token.txt'), 'tok3n \n\n');
  fs.writeFileSync(path.join(dir, 'plain.txt'), '  padded\n');
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const scope = () =>
  createScope([{ name: 'token.txt', greeting: 'hi {{ who }}', who: 'there' }], {
    searchPaths: [dir],
  });
const r = (t: string): unknown => renderString(t, scope(), 'lookup test');

test('file: role files/ dir is searched, trailing whitespace stripped', () => {
  expect(r("{{ lookup('file', name) }}")).toBe('tok3n');
  expect(r("{{ lookup('file', 'plain.txt') }}")).toBe('  padded');
  expect(r("{{ lookup('file', 'plain.txt', rstrip=False) }}")).toBe('  padded\n');
  expect(r(`{{ lookup('file', '${path.join(dir, 'plain.txt')}', lstrip=True) }}`)).toBe('padded');
  expect(r("{{ lookup('ansible.builtin.file', 'plain.txt') | trim }}")).toBe('padded');
});

test('several terms: lookup joins with commas, query/wantlist return lists', () => {
  expect(r("{{ lookup('file', 'token.txt', 'plain.txt') }}")).toBe('tok3n,  padded');
  expect(r("{{ query('file', 'token.txt', 'plain.txt') }}")).toEqual(['tok3n', '  padded']);
  expect(r("{{ q('file', 'token.txt') }}")).toEqual(['tok3n']);
  expect(r("{{ lookup('file', 'token.txt', wantlist=True) }}")).toEqual(['tok3n']);
});

test('file: a missing file fails naming it, unless errors=ignore', () => {
  expect(() => r("{{ lookup('file', 'nope.txt') }}")).toThrow(
    /lookup test: could not locate file in lookup: nope.txt/,
  );
  expect(r("{{ lookup('file', 'nope.txt', errors='ignore') }}")).toBe('');
});

test('env', () => {
  process.env.ZUUL_TS_LOOKUP_TEST = 'from-env';
  expect(r("{{ lookup('env', 'ZUUL_TS_LOOKUP_TEST') }}")).toBe('from-env');
  expect(r("x{{ lookup('env', 'ZUUL_TS_LOOKUP_TEST_UNSET') }}")).toBe('x');
  expect(r("{{ lookup('env', 'ZUUL_TS_LOOKUP_TEST_UNSET', default='d') }}")).toBe('d');
  delete process.env.ZUUL_TS_LOOKUP_TEST;
});

test("password '/dev/null': random 20 chars, nothing stored", () => {
  const a = r("{{ lookup('password', '/dev/null') }}") as string;
  const b = r("{{ lookup('password', '/dev/null') }}") as string;
  expect(a).toHaveLength(20);
  expect(a).not.toBe(b);
  expect(r("{{ lookup('password', '/dev/null length=8') | length }}")).toBe('8');
  expect(() => r(`{{ lookup('password', '${path.join(dir, 'pw')}') }}`)).toThrow(
    /only \/dev\/null/,
  );
  expect(fs.existsSync(path.join(dir, 'pw'))).toBe(false);
});

test('vars and first_found', () => {
  expect(r("{{ lookup('vars', 'greeting') }}")).toBe('hi there');
  expect(r("{{ lookup('vars', 'nope', default='d') }}")).toBe('d');
  expect(r("{{ lookup('first_found', ['missing.txt', 'plain.txt']) }}")).toBe(
    path.join(dir, 'plain.txt'),
  );
});

test('unknown lookup plugin names the supported list', () => {
  expect(() => r("{{ lookup('no_such_lookup', 'ls') }}")).toThrow(
    /lookup plugin 'no_such_lookup' not found \(supported: file, env/,
  );
});

test('fileRoots confine file lookups (absolute, relative and symlinked paths)', () => {
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'zuul-ts-outside-'));
  fs.writeFileSync(path.join(outside, 'secret.txt'), 'nope');
  fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'link.txt'));
  try {
    const s = createScope([{}], { searchPaths: [dir], fileRoots: [dir] });
    expect(renderString("{{ lookup('file', 'plain.txt') }}", s)).toBe('  padded');
    expect(() =>
      renderString(`{{ lookup('file', '${path.join(outside, 'secret.txt')}') }}`, s),
    ).toThrow(/outside the allowed directories/);
    expect(() => renderString("{{ lookup('file', 'link.txt') }}", s)).toThrow(
      /outside the allowed directories/,
    );
    expect(() => renderString("{{ lookup('file', 'link.txt') }}", s.child({}))).toThrow(/outside/); // inherited
  } finally {
    fs.rmSync(path.join(dir, 'link.txt'));
    fs.rmSync(outside, { recursive: true, force: true });
  }
});

test('env option replaces process.env for lookup(env)', () => {
  const s = createScope([{}], { env: { ONLY: 'this' } });
  expect(renderString("{{ lookup('env', 'ONLY') }}", s)).toBe('this');
  expect(renderString("x{{ lookup('env', 'HOME') }}", s.child({}))).toBe('x');
});
