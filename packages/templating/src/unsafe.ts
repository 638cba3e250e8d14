/**
 * Ansible `!unsafe` values: never templated (secrets, `zuul.change_message`, `unsafe_vars`).
 * Wrap a value with `markUnsafe`; rendering returns the inner value untouched.
 *
 * Ansible keeps unsafe-ness on the string (AnsibleUnsafeText) through every later use, so a
 * `set_fact: msg: "{{ zuul.change_message }}"` is still never templated when `msg` is read.
 * JS strings cannot carry a tag, so the texts of unsafe values that contain template markers are
 * remembered ("tainted"), and rendering such a text, or a result built from one, returns it as is.
 */
export class Unsafe {
  constructor(readonly value: unknown) {}
}

/** `value` with every Unsafe wrapper inside it replaced by its content (a copy). */
export function unwrapUnsafe(value: unknown): unknown {
  if (value instanceof Unsafe) return unwrapUnsafe(value.value);
  if (Array.isArray(value)) return value.map(unwrapUnsafe);
  if (
    value !== null &&
    typeof value === 'object' &&
    Object.getPrototypeOf(value) === Object.prototype
  )
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, unwrapUnsafe(v)]));
  return value;
}

export function markUnsafe(value: unknown): Unsafe {
  return value instanceof Unsafe ? value : new Unsafe(value);
}

const MARKERS = /\{\{|\{%|\{#/;
const tainted = new Set<string>();

/** Remember every string inside `value` that could be mistaken for a template. */
export function taint(value: unknown): void {
  if (typeof value === 'string') {
    if (MARKERS.test(value)) tainted.add(value);
  } else if (Array.isArray(value)) value.forEach(taint);
  else if (value instanceof Unsafe) taint(value.value);
  else if (value !== null && typeof value === 'object') Object.values(value).forEach(taint);
}

export function isTainted(text: string): boolean {
  return tainted.has(text);
}

/** True when `value` holds a tainted string (then a rendered result containing markers is tainted too). */
export function containsTainted(value: unknown): boolean {
  if (typeof value === 'string') return tainted.has(value);
  if (Array.isArray(value)) return value.some(containsTainted);
  if (
    value !== null &&
    typeof value === 'object' &&
    Object.getPrototypeOf(value) === Object.prototype
  )
    return Object.values(value).some(containsTainted);
  return false;
}
