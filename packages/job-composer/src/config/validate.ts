import { StanzaError } from './errors';
import { TaggedValue, isPlainObject } from './yaml-values';

/** Small typed readers for stanza attributes; errors carry the attribute path for file:line. */
export type Path = (string | number)[];

function where(path: Path): string {
  return path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');
}

export function fail(path: Path, message: string): never {
  throw new StanzaError(`${where(path)}: ${message}`, path);
}

export function str(v: unknown, path: Path): string {
  if (typeof v !== 'string') fail(path, `expected a string, got ${typeName(v)}`);
  return v;
}

export function bool(v: unknown, path: Path): boolean {
  if (typeof v !== 'boolean') fail(path, `expected a boolean, got ${typeName(v)}`);
  return v;
}

export function int(v: unknown, path: Path): number {
  if (typeof v !== 'number' || !Number.isInteger(v))
    fail(path, `expected an integer, got ${typeName(v)}`);
  return v;
}

export function dict(v: unknown, path: Path): Record<string, unknown> {
  if (v === null) return {};
  if (!isPlainObject(v)) fail(path, `expected a mapping, got ${typeName(v)}`);
  return v;
}

/** Zuul's `as_list`: a scalar or a list of them. */
export function list(v: unknown): unknown[] {
  if (v === null || v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

export function strList(v: unknown, path: Path): string[] {
  return list(v).map((x, i) => str(x, Array.isArray(v) ? [...path, i] : path));
}

/** Splits a `!override` / `!inherit` wrapper off a value. */
export function untag(v: unknown): { value: unknown; mode?: 'override' | 'inherit' } {
  return v instanceof TaggedValue ? { value: v.value, mode: v.tag } : { value: v };
}

export function checkKeys(
  obj: Record<string, unknown>,
  allowed: ReadonlySet<string>,
  path: Path,
): void {
  for (const k of Object.keys(obj)) {
    if (!allowed.has(k)) fail([...path, k], `extra keys not allowed (unknown attribute "${k}")`);
  }
}

/** The kind of a value, never the value itself (a malformed secret must not be echoed). */
export function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (v instanceof TaggedValue) return `!${v.tag} value`;
  return typeof v === 'object' ? 'a mapping' : `a ${typeof v}`;
}

/** zuul/lib/varnames.py: names Zuul or the executor set itself. */
const RESERVED = new Set([
  'zuul',
  'nodepool',
  'unsafe_vars',
  'ansible_connection',
  'ansible_host',
  'ansible_python_interpreter',
  'ansible_shell_executable',
  'ansible_user',
]);

export function checkVarNames(vars: Record<string, unknown>, path: Path): void {
  for (const name of Object.keys(vars)) {
    if (!/^[A-Za-z0-9_]+$/.test(name)) {
      fail(
        [...path, name],
        `Variable names may only contain letters, numbers, and underscores: "${name}"`,
      );
    }
    if (RESERVED.has(name)) fail([...path, name], `Variable name "${name}" is not allowed.`);
  }
}
