/**
 * Typed access to the parts of nunjucks that are public in its CommonJS build but absent from
 * @types/nunjucks (compiler, parser, lexer, transformer, runtime, Context, nodes).
 */
/* eslint-disable @typescript-eslint/no-explicit-any, @typescript-eslint/no-require-imports */
export const nunjucks: any = require('nunjucks');
export const compilerModule: any = require('nunjucks/src/compiler');
export const parser: any = require('nunjucks/src/parser');
export const lexer: any = require('nunjucks/src/lexer');
export const transformer: any = require('nunjucks/src/transformer');
export const baseRuntime: any = require('nunjucks/src/runtime');
export const nodes: any = require('nunjucks/src/nodes');
export const nunjucksLib: any = require('nunjucks/src/lib');

/**
 * nunjucks' Context class is not exported; functions called from a template receive the
 * context as `this`, so one throwaway render hands us its constructor.
 */
function discoverContext(): any {
  let ctor: any;
  const env = new nunjucks.Environment([], { autoescape: false });
  new nunjucks.Template('{{ grab() }}', env).render({
    grab(this: any) {
      ctor = this.constructor;
      return '';
    },
  });
  if (typeof ctor !== 'function') throw new Error('nunjucks Context class not found');
  return ctor;
}
export const Context: any = discoverContext();
