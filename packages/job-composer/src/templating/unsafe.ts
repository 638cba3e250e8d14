/**
 * Ansible `!unsafe` values: never templated (secrets, `zuul.change_message`, `unsafe_vars`).
 * Wrap a value with `markUnsafe`; rendering returns the inner value untouched.
 */
export class Unsafe {
  constructor(readonly value: unknown) {}
}

export function markUnsafe(value: unknown): Unsafe {
  return value instanceof Unsafe ? value : new Unsafe(value);
}
