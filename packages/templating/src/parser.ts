/**
 * nunjucks' parser with Jinja's precedence for tests: in Jinja, `is test` is a postfix like
 * `| filter` and chains with filters left to right, so `x is string | ternary(a, b)` is
 * `(x is string) | ternary(a, b)` and `x | length is odd` is `(x | length) is odd`.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
import { lexer, nodes, parser } from './nunjucks-internals';

const BaseParser: new (tokens: unknown) => any = parser.Parser;

class PyParser extends BaseParser {
  [k: string]: any;

  /** The test's name: a (dotted) symbol, or the `none`/`true`/`false` keywords. */
  parseTestName(): any {
    const tok = this.peekToken();
    if (tok && (tok.type === lexer.TOKEN_NONE || tok.type === lexer.TOKEN_BOOLEAN)) {
      this.nextToken();
      return new nodes.Symbol(tok.lineno, tok.colno, String(tok.value).toLowerCase());
    }
    return this.parseFilterName();
  }

  parseFilter(node: any): any {
    for (;;) {
      if (this.skip(lexer.TOKEN_PIPE)) {
        const name = this.parseFilterName();
        node = new nodes.Filter(
          name.lineno,
          name.colno,
          name,
          new nodes.NodeList(name.lineno, name.colno, [node].concat(this.parseFilterArgs(node))),
        );
      } else if (this.skipSymbol('is')) {
        const not = this.skipSymbol('not');
        const name = this.parseTestName();
        const test =
          this.peekToken()?.type === lexer.TOKEN_LEFT_PAREN
            ? new nodes.FunCall(name.lineno, name.colno, name, this.parseSignature())
            : name;
        node = new nodes.Is(node.lineno, node.colno, node, test);
        if (not) node = new nodes.Not(node.lineno, node.colno, node);
      } else return node;
    }
  }
}

/** Parse template source to nunjucks' AST with PyParser. */
export function parseTemplate(src: string, opts: Record<string, unknown>): any {
  const p = new PyParser(lexer.lex(src, opts));
  p.extensions = [];
  return p.parseAsRoot();
}
