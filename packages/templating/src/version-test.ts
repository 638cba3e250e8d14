/**
 * Ansible's `version` test (alias `version_compare`): `value is version(other, operator='eq',
 * strict=False, version_type=None)` with LooseVersion (default), StrictVersion (`strict=True`
 * or `version_type='strict'`) and semver ordering.
 */
import { TemplateError } from './errors';
import { bindArgs } from './kwargs';
import { pyStr, pyTruthy } from './python';
import { defined } from './undefined';

type Part = number | string;

const OPS: Record<string, (c: number) => boolean> = {
  '==': (c) => c === 0,
  '=': (c) => c === 0,
  eq: (c) => c === 0,
  '<': (c) => c < 0,
  lt: (c) => c < 0,
  '<=': (c) => c <= 0,
  le: (c) => c <= 0,
  '>': (c) => c > 0,
  gt: (c) => c > 0,
  '>=': (c) => c >= 0,
  ge: (c) => c >= 0,
  '!=': (c) => c !== 0,
  '<>': (c) => c !== 0,
  ne: (c) => c !== 0,
};

/** LooseVersion: numbers and letter runs, compared like Python lists (int vs str is an error). */
function loose(v: string): Part[] {
  return (v.match(/\d+|[a-z]+|\./gi) ?? [])
    .filter((p) => p !== '.')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

function strict(v: string): Part[] {
  const m = /^(\d+)\.(\d+)(\.(\d+))?([ab])?(\d+)?$/.exec(v);
  if (!m) throw new TemplateError(`Version comparison failed: invalid version number '${v}'`);
  // a release (no pre-release tag) sorts after its pre-releases
  return [Number(m[1]), Number(m[2]), Number(m[4] ?? 0), m[5] ?? 'z', Number(m[6] ?? 0)];
}

function compareParts(a: Part[], b: Part[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (typeof a[i] !== typeof b[i])
      throw new TemplateError(
        "Version comparison failed: '<' not supported between instances of 'int' and 'str'",
      );
    if (a[i] < b[i]) return -1;
    if (a[i] > b[i]) return 1;
  }
  return a.length - b.length;
}

function semver(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$/.exec(v);
    if (!m) throw new TemplateError(`Version comparison failed: invalid semantic version '${v}'`);
    return { core: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4]?.split('.') ?? [] };
  };
  const x = parse(a);
  const y = parse(b);
  const c = compareParts(x.core, y.core);
  if (c) return c;
  if (!x.pre.length || !y.pre.length) return y.pre.length - x.pre.length;
  for (let i = 0; i < Math.min(x.pre.length, y.pre.length); i++) {
    const [p, q] = [x.pre[i], y.pre[i]];
    const [pn, qn] = [/^\d+$/.test(p), /^\d+$/.test(q)];
    if (pn && qn && Number(p) !== Number(q)) return Number(p) - Number(q);
    if (pn !== qn) return pn ? -1 : 1;
    if (p !== q) return p < q ? -1 : 1;
  }
  return x.pre.length - y.pre.length;
}

export function versionTest(value: unknown, ...args: unknown[]): boolean {
  const a = bindArgs(args, ['version', 'operator', 'strict', 'version_type'], {
    operator: 'eq',
    strict: false,
    version_type: null,
  });
  const op = OPS[pyStr(a.operator)];
  if (!op) throw new TemplateError(`Invalid operator type (${pyStr(a.operator)})`);
  const left = pyStr(defined(value));
  const right = pyStr(defined(a.version));
  const type =
    a.version_type === null ? (pyTruthy(a.strict) ? 'strict' : 'loose') : pyStr(a.version_type);
  if (type === 'semver' || type === 'semantic') return op(semver(left, right));
  if (type === 'strict') return op(compareParts(strict(left), strict(right)));
  if (type === 'loose') return op(compareParts(loose(left), loose(right)));
  throw new TemplateError(`Invalid version type (${type}). Must be one of loose, strict, semver`);
}
