/**
 * Rendering values and strings in a Scope with Ansible's (pre-2.19, non-native) semantics:
 * strings without `{{`/`{%`/`{#` are returned untouched; rendered output is converted back with
 * literal_eval only when it starts with `{` or `[` or is `True`/`False` (ansible_eval_concat), so
 * `"{{ my_list }}"` stays a list, `"{{ x == 1 }}"` is a bool and `"{{ 5000 }}"` is the *string*
 * "5000".
 */
import { TemplateError } from './errors';
import { literalEval } from './literal';
import { isDict, isTuple, pyStr, pyTruthy } from './python';
import type { Scope } from './scope';
import { LazyMapping } from './lazy';
import { Unsafe, containsTainted, isTainted, taint } from './unsafe';
import { PyUndefined } from './undefined';
import { withNativeTexts } from './native-text';

/**
 * The nunjucks side (environment with the filters and tests, compiler, runtime) loads with the
 * first template rendered: a run whose values hold no template (a playbook without vars)
 * does not pay for it at start-up.
 */
type Engine = typeof import('./environment') &
  typeof import('./nunjucks-internals') &
  typeof import('./compiler') &
  typeof import('./runtime');
let loaded: Engine | undefined;
function engine(): Engine {
  /* eslint-disable @typescript-eslint/no-require-imports */
  loaded ??= {
    ...(require('./environment') as typeof import('./environment')),
    ...(require('./nunjucks-internals') as typeof import('./nunjucks-internals')),
    ...(require('./compiler') as typeof import('./compiler')),
    ...(require('./runtime') as typeof import('./runtime')),
  };
  /* eslint-enable @typescript-eslint/no-require-imports */
  return loaded;
}

/** Names of the filters Ansible templates can use here. */
export const filterNames = (): string[] => engine().filterNames();
/** Names of the tests Ansible templates can use here. */
export const testNames = (): string[] => engine().testNames();

const SINGLE_VAR = /^\{\{\s*(\w*)\s*\}\}\n?$/;

export function isPossiblyTemplate(s: string): boolean {
  return s.includes('{{') || s.includes('{%') || s.includes('{#');
}

/** Plain JSON-like data: what repr() + literal_eval() round-trips unchanged. */
function isLiteralData(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(isLiteralData);
  if (isDict(v)) return Object.values(v).every(isLiteralData);
  return false;
}

function deepCopy<T>(v: T): T {
  if (v instanceof Unsafe) return deepCopy(v.value) as T;
  if (Array.isArray(v)) return v.map(deepCopy) as T;
  if (isDict(v)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = deepCopy(x);
    return out as T;
  }
  return v;
}

function withWhere(e: unknown, where: string | undefined): unknown {
  if (!where) return e;
  if (e instanceof TemplateError) {
    if (e.where) return e;
    return new TemplateError(`${where}: ${e.message}`, {
      where,
      variable: e.variable,
      chain: e.chain,
      undefinedVariable: e.undefinedVariable,
    });
  }
  if (e instanceof Error) return new TemplateError(`${where}: ${e.message}`, { where });
  return e;
}

/** Run a template; returns the text and the raw value of each `{{ }}` output. */
function run(
  template: string,
  scope: Scope,
  capture = false,
): { text: string; outputs: unknown[]; texts: string[]; native: Set<unknown> } {
  const { Context, baseRuntime, compileTemplate, createRuntime, environment } = engine();
  let root;
  try {
    root = compileTemplate(template);
  } catch (e) {
    const msg = (e as Error).message
      .replace(/^\(unknown path\)\s*/, '')
      .replace(/\s+/g, ' ')
      .trim();
    throw new TemplateError(`template syntax error: ${msg}`);
  }
  const rt = createRuntime({ resolve: (name) => scope.lookup(name) }, capture);
  const context = new Context({}, {}, environment);
  const frame = new baseRuntime.Frame();
  frame.topLevel = true;
  let text = '';
  let error: unknown;
  const { native } = withNativeTexts(() =>
    root(environment, context, frame, rt, (err, out) => {
      error = err;
      text = out ?? '';
    }),
  );
  if (error) {
    if (error instanceof TemplateError) throw error;
    const msg = ((error as Error).message ?? String(error))
      .replace(/^\(unknown path\)\s*/, '')
      .replace(/\s*\n\s*/g, ' ')
      .replace(
        /Error: (filter|test) not found: (\S+)/,
        (_m, kind: string, name: string) => `no ${kind} named '${name}'`,
      );
    throw new TemplateError(msg);
  }
  return { text, outputs: rt.outputs, texts: rt.texts, native };
}

/** Render one string. Returns a string, or a native value per Ansible's output conversion. */
export function renderString(template: string, scope: Scope, where?: string): unknown {
  if (!isPossiblyTemplate(template) || isTainted(template)) return template;
  // Templar.template: `{{ name }}` of a variable holding a bool, number or None is that value
  // itself (Python's `$` also matches before a final newline).
  const single = SINGLE_VAR.exec(template);
  if (single) {
    const raw = scope.findRaw(single[1]);
    const v = raw?.value;
    if (raw && !raw.unsafe && (v === null || typeof v === 'number' || typeof v === 'boolean'))
      return v;
  }
  try {
    const { text, outputs, texts, native } = run(template, scope);
    // NativeJinjaText (to_json, string, ...) alone is returned as it is
    if (outputs.length === 1 && text === texts[0] && native.has(outputs[0])) return text;
    // unsafe text spliced into a result keeps the result unsafe (AnsibleUnsafeText)
    if (isPossiblyTemplate(text) && outputs.some(containsTainted)) taint(text);
    // Fast path for `{{ expr }}` alone yielding plain data: equal to literal_eval(repr(value)).
    // (a tuple prints as `(...)`, which the conversion leaves as text)
    if (
      outputs.length === 1 &&
      ((Array.isArray(outputs[0]) && !isTuple(outputs[0])) || isDict(outputs[0]))
    ) {
      const v = outputs[0];
      if (text === texts[0] && isLiteralData(v)) return deepCopy(v);
    }
    if (text.startsWith('{') || text.startsWith('[') || text === 'True' || text === 'False') {
      const lit = literalEval(text);
      if (lit.ok) return lit.value;
    }
    return text;
  } catch (e) {
    throw withWhere(e, where);
  }
}

/**
 * Render a value deeply: strings rendered, list items and dict values recursed (dict keys are
 * left as written, as Ansible's Templar does); other
 * values are returned as they are. Containers are always copies (raw layers are never mutated).
 */
export function renderValue(value: unknown, scope: Scope, where?: string, unsafe = false): unknown {
  if (value instanceof LazyMapping) return value; // HostVars: rendered per access, never copied
  if (value instanceof Unsafe) {
    taint(value.value);
    return deepCopy(value.value);
  }
  if (unsafe) {
    taint(value);
    return deepCopy(value);
  }
  if (typeof value === 'string') return renderString(value, scope, where);
  if (Array.isArray(value))
    return value.map((v, i) => renderValue(v, scope, where ? `${where}[${i}]` : undefined));
  if (isDict(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = renderValue(v, scope, where ? `${where}.${k}` : undefined);
    }
    return out;
  }
  return value;
}

/**
 * Evaluate a bare Jinja expression (`when`, `assert.that`, `until` ...) to its native value.
 * A fully `{{ }}`-wrapped expression is tolerated (Ansible warns and accepts it).
 */
export function evaluateExpression(expression: string, scope: Scope, where?: string): unknown {
  const m = /^\s*\{\{([\s\S]*)\}\}\s*$/.exec(expression);
  const expr = m && !m[1].includes('{{') ? m[1] : expression;
  try {
    const { outputs } = run(`{{ (${expr}\n) }}`, scope, true);
    return outputs[0];
  } catch (e) {
    throw withWhere(e, where);
  }
}

/**
 * Ansible conditional (Conditional.evaluate_conditional / _check_conditional, ansible-core 2.16):
 * a list means AND; None and '' pass; a bool is itself; otherwise the conditional is first
 * rendered as a template (`when: "{{ x }}"` is tolerated), a bool result is returned, '' is
 * False, and any other result is evaluated as a bare Jinja expression (Python str() of non-text
 * results). Errors name the conditional, as Ansible's "The conditional check 'x' failed" does.
 */
export function evaluateCondition(condition: unknown, scope: Scope, where?: string): boolean {
  if (Array.isArray(condition)) return condition.every((c) => evaluateCondition(c, scope, where));
  if (condition === null || condition === undefined || condition === '') return true;
  if (typeof condition === 'boolean') return condition;
  const original = typeof condition === 'string' ? condition : pyStr(condition);
  try {
    if (typeof condition === 'string' && isTainted(condition))
      throw new TemplateError('Conditional is marked as unsafe, and cannot be evaluated.');
    const first = typeof condition === 'string' ? renderString(condition, scope) : condition;
    if (typeof first === 'boolean') return first;
    if (first === '') return false;
    if (typeof first === 'string' && isTainted(first))
      throw new TemplateError('Conditional is marked as unsafe, and cannot be evaluated.');
    const v = evaluateExpression(pyStr(first), scope);
    if (v instanceof PyUndefined) v.fail();
    return pyTruthy(v);
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    const msg = `The conditional check '${original}' failed. The error was: ${e.message}`;
    throw new TemplateError(where ? `${where}: ${msg}` : msg, {
      where,
      variable: e.variable,
      chain: e.chain,
      undefinedVariable: e.undefinedVariable,
    });
  }
}
