/**
 * Template globals: `lookup`/`query`/`q` (file, env, password, vars, first_found, items, list,
 * and lookups.ts),
 * `now(utc=False, fmt=None)`, `omit`, `range`, `dict`, `undef`. Lookups that need the scope
 * (vars, file search paths) get it from the resolving scope.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nowDateTime, strftime } from './datetime';
import { TemplateError, UndefinedVariableError } from './errors';
import { MORE_LOOKUPS } from './lookups';
import { bindArgs, splitArgs } from './kwargs';
import { PySliceKey } from './methods';
import { createNamespace } from './namespace';
import { nodeCrypto } from './node-crypto';
import { OMIT } from './omit';
import { pyStr, pyTruthy } from './python';
import type { Scope } from './scope';
import { PyUndefined, defined } from './undefined';

type Lookup = (terms: unknown[], kw: Record<string, unknown>, scope: Scope) => unknown[];

/** Refuse paths outside the scope's fileRoots (symlinks resolved). */
function allowed(file: string, scope: Scope): string {
  if (!scope.fileRoots) return file;
  const real = fs.realpathSync(file);
  const ok = scope.fileRoots.some((root) => {
    const r = fs.existsSync(root) ? fs.realpathSync(root) : path.resolve(root);
    return real === r || real.startsWith(r.endsWith(path.sep) ? r : r + path.sep);
  });
  if (!ok) throw new TemplateError(`lookup: access to ${file} is outside the allowed directories`);
  return file;
}

function findFile(name: string, scope: Scope): string | undefined {
  if (path.isAbsolute(name)) return fs.existsSync(name) ? allowed(name, scope) : undefined;
  for (const dir of scope.searchPaths) {
    for (const candidate of [path.join(dir, 'files', name), path.join(dir, name)]) {
      if (fs.existsSync(candidate)) return allowed(candidate, scope);
    }
  }
  return fs.existsSync(name) ? allowed(path.resolve(name), scope) : undefined;
}

const PASSWORD_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789,.-:_';

const LOOKUPS: Record<string, Lookup> = {
  /** Ansible `file`: contents with trailing whitespace stripped by default (rstrip=True). */
  file(terms, kw, scope) {
    return terms.map((t) => {
      const name = pyStr(t);
      const p = findFile(name, scope);
      if (!p) throw new TemplateError(`could not locate file in lookup: ${name}`);
      let text = fs.readFileSync(p, 'utf8');
      if (kw.rstrip === undefined || pyTruthy(kw.rstrip)) text = text.replace(/\s+$/, '');
      if (pyTruthy(kw.lstrip ?? false)) text = text.replace(/^\s+/, '');
      return text;
    });
  },
  env(terms, kw, scope) {
    return terms.map((t) => scope.env[pyStr(t)] ?? (kw.default !== undefined ? kw.default : ''));
  },
  /** `lookup('password', '/dev/null')`: a random password; only /dev/null (nothing stored) is supported. */
  password(terms) {
    return terms.map((t) => {
      const [file, ...params] = pyStr(t).split(/\s+/);
      if (file !== '/dev/null')
        throw new TemplateError(`lookup('password'): only /dev/null is supported, got ${file}`);
      const opts = Object.fromEntries(params.map((p) => p.split('=', 2)));
      const length = Number(opts.length ?? 20);
      let out = '';
      const { randomInt } = nodeCrypto();
      for (let i = 0; i < length; i++) out += PASSWORD_CHARS[randomInt(PASSWORD_CHARS.length)];
      return out;
    });
  },
  vars(terms, kw, scope) {
    return terms.map((t) => {
      const v = scope.lookup(pyStr(t));
      if (v instanceof PyUndefined) {
        if (kw.default !== undefined) return kw.default;
        v.fail();
      }
      return v;
    });
  },
  first_found(terms, kw, scope) {
    const files = terms.flatMap((t) => (Array.isArray(t) ? t : [t])).map((t) => pyStr(t));
    for (const f of files) {
      const p = findFile(f, scope);
      if (p) return [p];
    }
    if (pyTruthy(kw.skip ?? false)) return [];
    throw new TemplateError(`No file was found when using first_found: ${files.join(', ')}`);
  },
  items: (terms) => terms.flatMap((t) => (Array.isArray(t) ? t : [t])),
  list: (terms) => terms,
  ...MORE_LOOKUPS,
};

function runLookup(scope: Scope, args: unknown[], wantlist: boolean): unknown {
  const { pos, kw } = splitArgs(args);
  const name = pyStr(defined(pos[0])).replace(/^ansible\.builtin\./, '');
  const plugin = LOOKUPS[name];
  if (!plugin)
    throw new TemplateError(
      `lookup plugin '${name}' not found (supported: ${Object.keys(LOOKUPS).join(', ')})`,
    );
  const terms = pos.slice(1).map((t) => defined(t));
  const list = pyTruthy(kw.wantlist ?? false) || wantlist;
  const errors = kw.errors === undefined ? 'strict' : pyStr(kw.errors);
  let out: unknown[];
  try {
    out = plugin(terms, kw, scope);
  } catch (e) {
    // an undefined variable is never ignored (AnsibleUndefinedVariable is re-raised)
    if (e instanceof UndefinedVariableError) throw e;
    if (errors === 'ignore' || errors === 'warn') return list ? [] : null;
    throw e;
  }
  if (list) return out;
  // Ansible joins a list of strings with commas; otherwise one element is returned as itself
  if (out.every((x) => typeof x === 'string')) return out.join(',');
  return out.length === 1 ? out[0] : out;
}

function now(...args: unknown[]): unknown {
  const { utc, fmt } = bindArgs(args, ['utc', 'fmt'], { utc: false, fmt: null });
  const dt = nowDateTime(pyTruthy(utc));
  return fmt === null ? dt : strftime(dt, pyStr(fmt));
}

function range(...args: unknown[]): number[] {
  const [a, b, c] = args.map(Number);
  const [start, stop, step] = args.length === 1 ? [0, a, 1] : [a, b, args.length > 2 ? c : 1];
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

const GLOBALS: Record<string, (scope: Scope) => unknown> = {
  lookup:
    (scope) =>
    (...a: unknown[]) =>
      runLookup(scope, a, false),
  query:
    (scope) =>
    (...a: unknown[]) =>
      runLookup(scope, a, true),
  q:
    (scope) =>
    (...a: unknown[]) =>
      runLookup(scope, a, true),
  now: () => now,
  omit: () => OMIT,
  range: () => range,
  dict:
    () =>
    (...a: unknown[]) => {
      // Python's dict(): a mapping or an iterable of pairs, then keyword arguments
      const { pos, kw } = splitArgs(a);
      const out: Record<string, unknown> = {};
      if (pos[0] instanceof Object && !Array.isArray(pos[0])) Object.assign(out, pos[0]);
      else if (Array.isArray(pos[0]))
        for (const pair of pos[0] as unknown[][]) out[pyStr(pair[0])] = pair[1];
      return Object.assign(out, kw);
    },
  __slice: () => (start?: unknown, stop?: unknown, step?: unknown) =>
    new PySliceKey(start, stop, step),
  namespace:
    () =>
    (...a: unknown[]) =>
      createNamespace(splitArgs(a).kw),
  undef: () => (hint?: unknown) => new PyUndefined(hint === undefined ? 'undefined' : pyStr(hint)),
};

export function hasGlobal(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(GLOBALS, name);
}

export function globalValue(name: string, scope: Scope): unknown {
  return GLOBALS[name](scope);
}
