/**
 * Lookup plugins beyond files and variables: `pipe` (a shell command's output), `dict`,
 * `indexed_items`, `sequence` and `inventory_hostnames`, with Ansible's semantics.
 */
import { TemplateError } from './errors';
import { combineHostPattern } from './host-pattern';
import { LazyMapping } from './lazy';
import { isDict, pyStr } from './python';
import type { Scope } from './scope';

type Lookup = (terms: unknown[], kw: Record<string, unknown>, scope: Scope) => unknown[];

/** The names the inventory pattern selects, in inventory order (`a:b`, `a:&b`, `a:!b`, `,`). */
function selectHosts(pattern: string, groups: Record<string, string[]>): string[] {
  const all = groups.all ?? [];
  const expand = (term: string): string[] =>
    term === 'all' || term === '*' ? all : (groups[term] ?? (all.includes(term) ? [term] : []));
  const chosen = new Set(combineHostPattern(pattern, expand));
  return all.filter((h) => chosen.has(h));
}

function groupsOf(scope: Scope): Record<string, string[]> {
  const g = scope.lookup('groups');
  if (g instanceof LazyMapping) return g.toDict() as Record<string, string[]>;
  return isDict(g) ? (g as Record<string, string[]>) : {};
}

/** `sequence`: `start=1 end=5 stride=1 format=%d` or `count=3`, as text. */
function sequence(term: string): string[] {
  const opts: Record<string, string> = {};
  for (const part of term.trim().split(/\s+/)) {
    const [k, v] = part.split('=', 2);
    opts[k] = v;
  }
  const start = Number(opts.start ?? 1);
  const stride = Number(opts.stride ?? 1);
  const end =
    opts.count !== undefined ? start + (Number(opts.count) - 1) * stride : Number(opts.end);
  if (
    !Number.isInteger(start) ||
    !Number.isInteger(end) ||
    !Number.isInteger(stride) ||
    stride === 0
  )
    throw new TemplateError(`unknown sequence arguments: ${term}`);
  const fmt = opts.format ?? '%d';
  const out: string[] = [];
  for (let i = start; stride > 0 ? i <= end : i >= end; i += stride)
    out.push(
      fmt.replace(/%0?\d*d/, (m) =>
        String(i).padStart(Number(m.slice(1, -1)) || 0, m[1] === '0' ? '0' : ' '),
      ),
    );
  return out;
}

export const MORE_LOOKUPS: Record<string, Lookup> = {
  /** Output of `sh -c term` in the playbook directory, trailing whitespace stripped. */
  pipe(terms, _kw, scope) {
    const cwd = scope.searchPaths[scope.searchPaths.length - 1] ?? process.cwd();
    // node:child_process on use, not on every start.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { execFileSync } = require('node:child_process') as typeof import('node:child_process');
    return terms.map((t) => {
      const cmd = pyStr(t);
      try {
        return execFileSync('/bin/sh', ['-c', cmd], { cwd, encoding: 'utf8' }).replace(/\s+$/, '');
      } catch (e) {
        const status = (e as { status?: number }).status;
        throw new TemplateError(`lookup_plugin.pipe(${cmd}) returned ${status ?? 'an error'}`);
      }
    });
  },
  dict(terms) {
    return terms.flatMap((t) => {
      if (!isDict(t)) throw new TemplateError('with_dict expects a dict');
      return Object.entries(t).map(([key, value]) => ({ key, value }));
    });
  },
  indexed_items(terms) {
    const items = terms.length === 1 && Array.isArray(terms[0]) ? terms[0] : terms;
    return items.map((x, i) => [i, x]);
  },
  sequence: (terms) => terms.flatMap((t) => sequence(pyStr(t))),
  inventory_hostnames(terms, _kw, scope) {
    const groups = groupsOf(scope);
    return terms.flatMap((t) => selectHosts(pyStr(t), groups));
  },
};
