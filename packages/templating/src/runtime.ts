/**
 * The runtime the compiled templates call into (see compiler.ts): nunjucks' runtime with Python
 * semantics and Ansible's strict-undefined behaviour. One instance per render: it carries the
 * variable resolver and records every `{{ }}` output value, so the caller can apply Ansible's
 * output type conversion to the raw values.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { TemplateError } from './errors';
import { isKwargs } from './kwargs';
import { LazyMapping } from './lazy';
import { memberLookup } from './methods';
import { baseRuntime } from './nunjucks-internals';
import { pyBinary, pyCompare, pyIn } from './operators';
import { isDict, pyStr, pyTruthy, pyTuple, pyType } from './python';
import { PyUndefined } from './undefined';
import { isNamespace } from './namespace';

/**
 * Jinja's inline `x if c` without `else` yields a plain (not strict) Undefined: it prints as
 * nothing, while any other use fails like an undefined variable.
 */
class InlineIfUndefined extends PyUndefined {}

export interface RenderHooks {
  /** Resolve a name not bound by the template itself: value, or a PyUndefined. */
  resolve(name: string): unknown;
}

export interface RenderRuntime {
  outputs: unknown[];
  /** str() of each output, in order (empty in capture mode). */
  texts: string[];
  [k: string]: unknown;
}

const shared = {
  pyTruthy,
  pyIn,
  pyBinary,
  pyCompare,
  pyOr: (a: unknown, b: () => unknown) => (pyTruthy(a) ? a : b()),
  pyAnd: (a: unknown, b: () => unknown) => (pyTruthy(a) ? b() : a),
  inlineIfUndefined: () =>
    new InlineIfUndefined(
      'the inline if-expression evaluated to false and no else section was defined',
    ),
  memberLookup,
  pyTuple,
  pyDict(pairs: Array<[unknown, unknown]>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of pairs) out[pyStr(k)] = v;
    return out;
  },
  callWrap(obj: unknown, name: string, context: unknown, args: unknown[]): unknown {
    if (obj instanceof PyUndefined) obj.fail();
    if (typeof obj !== 'function')
      throw new TemplateError(`'${pyType(obj)}' object is not callable: ${name}`);
    return obj.apply(context, args);
  },
  fromIterator(obj: unknown): unknown {
    if (obj instanceof PyUndefined) obj.fail();
    // Jinja iterates a dict's keys and a string's characters
    if (isDict(obj) && !isKwargs(obj)) return Object.keys(obj);
    if (typeof obj === 'string') return [...obj];
    if (obj instanceof LazyMapping) return obj.keys();
    return baseRuntime.fromIterator(obj);
  },
  loopFilter(iter: unknown, names: string[], frame: any, pred: (f: any) => boolean): unknown[] {
    const items = shared.fromIterator(iter) as unknown[];
    return items.filter((item) => {
      const f = frame.push();
      if (names.length === 1) f.set(names[0], item);
      else names.forEach((n, i) => f.set(n, (item as unknown[])[i]));
      return pred(f);
    });
  },
  setAttr(obj: unknown, key: unknown, value: unknown): void {
    if (!isNamespace(obj))
      throw new TemplateError('cannot assign attribute on non-namespace object');
    obj[pyStr(key)] = value;
  },
  handleError(error: any, lineno: number, colno: number): unknown {
    if (error instanceof TemplateError) return error;
    return baseRuntime.handleError(error, lineno, colno);
  },
};

/** `capture`: keep the raw output values only (evaluateExpression), skipping their str(). */
export function createRuntime(hooks: RenderHooks, capture = false): RenderRuntime {
  const outputs: unknown[] = [];
  const texts: string[] = [];
  const rt = Object.create(baseRuntime);
  Object.assign(rt, shared, {
    outputs,
    texts,
    suppressValue(val: unknown): string {
      outputs.push(val);
      if (capture) return '';
      // Ansible's finalize: None prints as nothing
      // (and so does the plain Undefined of an inline if without else)
      const text =
        val === null || val === undefined || val instanceof InlineIfUndefined ? '' : pyStr(val);
      texts.push(text);
      return text;
    },
    contextOrFrameLookup(context: any, frame: any, name: string): unknown {
      const v = frame.lookup(name);
      if (v !== undefined) return v;
      if (Object.prototype.hasOwnProperty.call(context.ctx, name)) return context.ctx[name];
      return hooks.resolve(name);
    },
  });
  return rt as RenderRuntime;
}
