/**
 * A nunjucks compiler emitting Python (Jinja) semantics: truthiness of `[]`/`{}` is false, `and`/
 * `or` return operands, `==` is deep and uncoerced, `+` concatenates lists and refuses str + int,
 * `%` formats strings, `~` uses Python str(), `in` is Python membership, and `True`/`False`/`None`
 * are literals; blocks are parsed with trim_blocks like Ansible's Templar. Everything else is nunjucks' own code generation.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { compilerModule, transformer } from './nunjucks-internals';
import { parseTemplate } from './parser';
import { preprocess } from './preprocess';

const BaseCompiler: any = compilerModule.Compiler;

const PY_LITERALS: Record<string, string> = { True: 'true', False: 'false', None: 'null' };
const COMPARE: Record<string, string> = {
  '==': '==',
  '===': '===',
  '!=': '!=',
  '!==': '!==',
  '<': '<',
  '>': '>',
  '<=': '<=',
  '>=': '>=',
};

/** `match`, `ansible.builtin.match` (a LookupVal chain), `none`/`true` (literals). */
function dottedName(n: any): string {
  if (n.typename === 'LookupVal') return `${dottedName(n.target)}.${dottedName(n.val)}`;
  return String(n.value);
}

class PyCompiler extends BaseCompiler {
  [k: string]: any;

  _compileExpression(node: any, frame: any): void {
    if (node.typename === 'PyTruthy' || node.typename === 'PyLoopFilter') this.compile(node, frame);
    else super._compileExpression(node, frame);
  }

  compilePyTruthy(node: any, frame: any): void {
    this._emit('runtime.pyTruthy(');
    this.compile(node.target, frame);
    this._emit(')');
  }

  compileSymbol(node: any, frame: any): void {
    if (node.value in PY_LITERALS && !frame.lookup(node.value)) this._emit(PY_LITERALS[node.value]);
    else super.compileSymbol(node, frame);
  }

  /**
   * Jinja dict literal keys are expressions (`{item.key: item.value}`, `{name: 1}` uses the
   * variable `name`); nunjucks only allows string literals or bare names taken as strings.
   */
  compileDict(node: any, frame: any): void {
    if (node.typename !== 'Dict') {
      super.compileDict(node, frame); // KeywordArgs: names are strings
      return;
    }
    this._emit('runtime.pyDict([');
    node.children.forEach((pair: any, i: number) => {
      if (i > 0) this._emit(', ');
      this._emit('[');
      this.compile(pair.key, frame);
      this._emit(', ');
      this._compileExpression(pair.value, frame);
      this._emit(']');
    });
    this._emit('])');
  }

  /** `{% set ns.attr = value %}` (Jinja namespace assignment). */
  compileSet(node: any, frame: any): void {
    const target = node.targets[0];
    if (node.targets.length === 1 && target.typename === 'LookupVal' && node.value) {
      this._emit('runtime.setAttr(');
      this.compile(target.target, frame);
      this._emit(', ');
      this.compile(target.val, frame);
      this._emit(', ');
      this._compileExpression(node.value, frame);
      this._emitLine(');');
    } else super.compileSet(node, frame);
  }

  /** `(a, b)` is a tuple (a list here), not JS's comma operator; `(a)` is just a. */
  compileGroup(node: any, frame: any): void {
    if (node.children.length === 1) super.compileGroup(node, frame);
    else {
      this._emit('runtime.pyTuple(');
      this._compileAggregate(node, frame, '[', ']');
      this._emit(')');
    }
  }

  compileIf(node: any, frame: any, async?: boolean): void {
    const wrapped = Object.create(node);
    wrapped.cond = {
      typename: 'PyTruthy',
      target: node.cond,
      lineno: node.lineno,
      colno: node.colno,
    };
    super.compileIf(wrapped, frame, async);
  }

  /**
   * Jinja's loop filter `{% for x in items if cond %}`: nunjucks parses `items if cond` as an
   * inline if; turn it into a filtered iterable (cond sees the loop variables).
   */
  compileFor(node: any, frame: any): void {
    if (node.arr.typename === 'InlineIf' && node.arr.else_ === null) {
      const names =
        node.name.typename === 'Array'
          ? node.name.children.map((c: any) => c.value)
          : [node.name.value];
      const wrapped = Object.create(node);
      wrapped.arr = { typename: 'PyLoopFilter', iter: node.arr.body, cond: node.arr.cond, names };
      super.compileFor(wrapped, frame);
    } else super.compileFor(node, frame);
  }

  compilePyLoopFilter(node: any, frame: any): void {
    this._emit('runtime.loopFilter(');
    this.compile(node.iter, frame);
    this._emit(`, ${JSON.stringify(node.names)}, frame, (frame) => runtime.pyTruthy(`);
    this.compile(node.cond, frame);
    this._emit('))');
  }

  compileInlineIf(node: any, frame: any): void {
    this._emit('(runtime.pyTruthy(');
    this.compile(node.cond, frame);
    this._emit(') ? (');
    this.compile(node.body, frame);
    this._emit(') : (');
    if (node.else_ !== null) this.compile(node.else_, frame);
    else this._emit('runtime.inlineIfUndefined()');
    this._emit('))');
  }

  private lazyBinary(fn: string, node: any, frame: any): void {
    this._emit(`runtime.${fn}(`);
    this.compile(node.left, frame);
    this._emit(', () => (');
    this.compile(node.right, frame);
    this._emit('))');
  }

  compileOr(node: any, frame: any): void {
    this.lazyBinary('pyOr', node, frame);
  }

  compileAnd(node: any, frame: any): void {
    this.lazyBinary('pyAnd', node, frame);
  }

  compileNot(node: any, frame: any): void {
    this._emit('!runtime.pyTruthy(');
    this.compile(node.target, frame);
    this._emit(')');
  }

  /** nunjucks emits several test arguments without commas; emit a proper argument list. */
  compileIs(node: any, frame: any): void {
    const name = dottedName(node.right.name ?? node.right);
    this._emit(`(env.getTest(${JSON.stringify(name)}).call(context, `);
    this.compile(node.left, frame);
    if (node.right.args && node.right.args.children.length) {
      this._emit(', ');
      this._compileAggregate(node.right.args, frame);
    }
    this._emit(') === true)');
  }

  compileIn(node: any, frame: any): void {
    this._emit('runtime.pyIn(');
    this.compile(node.left, frame);
    this._emit(', ');
    this.compile(node.right, frame);
    this._emit(')');
  }

  private binary(op: string, node: any, frame: any): void {
    this._emit(`runtime.pyBinary(${JSON.stringify(op)}, `);
    this.compile(node.left, frame);
    this._emit(', ');
    this.compile(node.right, frame);
    this._emit(')');
  }

  compileAdd(node: any, frame: any): void {
    this.binary('+', node, frame);
  }
  compileConcat(node: any, frame: any): void {
    this.binary('~', node, frame);
  }
  compileSub(node: any, frame: any): void {
    this.binary('-', node, frame);
  }
  compileMul(node: any, frame: any): void {
    this.binary('*', node, frame);
  }
  compileDiv(node: any, frame: any): void {
    this.binary('/', node, frame);
  }
  compileFloorDiv(node: any, frame: any): void {
    this.binary('//', node, frame);
  }
  compileMod(node: any, frame: any): void {
    this.binary('%', node, frame);
  }
  compilePow(node: any, frame: any): void {
    this.binary('**', node, frame);
  }
  compileNeg(node: any, frame: any): void {
    this._emit('runtime.pyBinary("-", 0, ');
    this.compile(node.target, frame);
    this._emit(')');
  }

  compileCompare(node: any, frame: any): void {
    // Python chains: a < b < c == (a < b) and (b < c)
    let left = node.expr;
    this._emit('(');
    node.ops.forEach((op: any, i: number) => {
      if (i > 0) this._emit(' && ');
      this._emit(`runtime.pyCompare(${JSON.stringify(COMPARE[op.type] ?? op.type)}, `);
      this.compile(left, frame);
      this._emit(', ');
      this.compile(op.expr, frame);
      this._emit(')');
      left = op.expr;
    });
    this._emit(')');
  }
}

export type RootRenderFunc = (
  env: unknown,
  context: unknown,
  frame: unknown,
  runtime: unknown,
  cb: (err: Error | null, out?: string) => void,
) => void;

const cache = new Map<string, RootRenderFunc>();
const CACHE_LIMIT = 5000;

/** Compile template source to nunjucks' root render function (cached by source). */
export function compileTemplate(src: string): RootRenderFunc {
  const hit = cache.get(src);
  if (hit) return hit;
  const ast = transformer.transform(
    parseTemplate(preprocess(src), { trimBlocks: true }),
    [],
    undefined,
  );
  const c = new (PyCompiler as any)(undefined, false);
  c.compile(ast);
  const props = new Function(c.getCode())();
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(src, props.root);
  return props.root;
}
