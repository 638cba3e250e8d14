import { UndefinedVariableError } from './errors';

/**
 * Ansible's AnsibleUndefined (a Jinja StrictUndefined): looking up a missing name or key yields one
 * of these instead of failing at once; attribute access on it chains (so `a.b.c | default(v)` and
 * `a.b is defined` work when `a` is missing) and every other use fails with the hint.
 */
export class PyUndefined {
  constructor(
    readonly hint: string,
    readonly variable?: string,
  ) {}

  fail(): never {
    throw new UndefinedVariableError(this.hint, this.variable);
  }

  /** `x.y` on an undefined value: another undefined, with the original hint (Jinja chaining). */
  attr(): PyUndefined {
    return this;
  }
}

export function isUndefined(v: unknown): v is PyUndefined {
  return v instanceof PyUndefined;
}

export function undefinedName(name: string): PyUndefined {
  return new PyUndefined(`'${name}' is undefined`, name);
}

/** Throws if `v` is undefined; returns it otherwise (for filters/operators that need a value). */
export function defined<T>(v: T): Exclude<T, PyUndefined> {
  if (v instanceof PyUndefined) v.fail();
  return v as Exclude<T, PyUndefined>;
}
