/**
 * The templating layer builds on nunjucks internals that are not its public API (parser,
 * lexer, compiler, runtime, nodes, Context). nunjucks is pinned to an exact version; these
 * tests fail loudly if an upgrade moves or changes any internal the layer relies on.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  Context,
  baseRuntime,
  compilerModule,
  lexer,
  nodes,
  nunjucks,
  parser,
  transformer,
} from '../src/nunjucks-internals';
import { createScope, renderString } from '../src';

const pkg = (p: string) => JSON.parse(readFileSync(p, 'utf8')) as Record<string, unknown>;

test('nunjucks is pinned to the exact version these internals were written against', () => {
  const root = join(__dirname, '..', '..', '..');
  const declared = (
    pkg(join(__dirname, '..', 'package.json')).dependencies as Record<string, string>
  ).nunjucks;
  expect(declared).toBe('3.2.4');
  expect(pkg(join(root, 'node_modules', 'nunjucks', 'package.json')).version).toBe(declared);
});

test('parser: the Parser class and the methods PyParser overrides or calls', () => {
  const proto = parser.Parser.prototype;
  for (const m of [
    'parseFilter',
    'parseFilterName',
    'parseFilterArgs',
    'parseSignature',
    'parseAsRoot',
    'skip',
    'skipSymbol',
    'peekToken',
    'nextToken',
  ])
    expect(typeof proto[m]).toBe('function');
  expect(typeof parser.parse).toBe('function');
});

test('lexer: lex(), the token types used, and string escapes (only \\n, \\t, \\r decoded)', () => {
  expect(typeof lexer.lex).toBe('function');
  for (const t of ['TOKEN_PIPE', 'TOKEN_LEFT_PAREN', 'TOKEN_NONE', 'TOKEN_BOOLEAN', 'TOKEN_SYMBOL'])
    expect(typeof lexer[t]).toBe('string');
  const tokens = lexer.lex(String.raw`{{ 'a\nb\tc\\d\'e\qf' }}`, {});
  const strings: string[] = [];
  for (let t = tokens.nextToken(); t; t = tokens.nextToken())
    if (t.type === lexer.TOKEN_STRING) strings.push(t.value);
  // string-literals.ts re-emits every literal relying on exactly this decoding
  expect(strings).toEqual(["a\nb\tc\\d'eqf"]);
});

test('compiler: the Compiler class and the methods PyCompiler overrides or calls', () => {
  const proto = compilerModule.Compiler.prototype;
  for (const m of [
    '_compileExpression',
    '_compileAggregate',
    '_emit',
    '_emitLine',
    'compile',
    'getCode',
    'compileSymbol',
    'compileDict',
    'compileSet',
    'compileGroup',
    'compileIf',
    'compileFor',
    'compileInlineIf',
    'compileOr',
    'compileAnd',
    'compileNot',
    'compileIs',
    'compileIn',
    'compileAdd',
    'compileConcat',
    'compileSub',
    'compileMul',
    'compileDiv',
    'compileFloorDiv',
    'compileMod',
    'compilePow',
    'compileNeg',
    'compileCompare',
  ])
    expect(typeof proto[m]).toBe('function');
  expect(typeof transformer.transform).toBe('function');
});

test('runtime, nodes and Context', () => {
  for (const f of [
    'Frame',
    'fromIterator',
    'handleError',
    'suppressValue',
    'memberLookup',
    'contextOrFrameLookup',
    'callWrap',
  ])
    expect(typeof baseRuntime[f]).toBe('function');
  for (const n of ['Filter', 'FunCall', 'Is', 'NodeList', 'Not', 'Symbol', 'Literal', 'LookupVal'])
    expect(typeof nodes[n]).toBe('function');
  expect(typeof Context).toBe('function');
  expect(typeof nunjucks.Environment).toBe('function');
});

test('the pieces together: tests chain with filters, literals keep Python escapes', () => {
  const scope = createScope([{ s: 'v10' }]);
  expect(renderString("{{ s is match('v\\d+') | ternary('y', 'n') }}", scope)).toBe('y');
  expect(
    renderString("{{ 'docker.io/x' | regex_replace('^docker\\.io/(.*)', '\\1') }}", scope),
  ).toBe('x');
});
