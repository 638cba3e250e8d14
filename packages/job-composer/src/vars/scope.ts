import type { Vars } from '../role-kit';
import { renderValue } from '../templating/render';
import { createScope, labelLayer } from '../templating/scope';
import type { Layer } from './layers';

/**
 * The runner's view of templating: one scope per task and host, built from the table-2.1
 * layers. Values stay unrendered in the layers and are rendered lazily at read time
 * (Ansible 7.1), so a job var `x: "{{ fact }}"` sees a later `set_fact: fact:`.
 */
export interface VarScope {
  /** Renders a raw value (templates in strings, recursively; native types per 7.1). */
  render(value: unknown, where: string): unknown;
  /** A conditional (`when`, `assert.that`): a bare expression, a bool, or a list (AND). */
  test(condition: unknown, where: string): boolean;
  /** Rendered value of a top-level variable (throws TemplateError when it cannot render). */
  get(name: string): unknown;
  has(name: string): boolean;
  /** Every visible top-level name. */
  names(): string[];
}

export interface ScopeExtras {
  /** Directories for `lookup('file', relative)`: the playbook dir, role folders. */
  searchPaths?: string[];
}

export function scopeFromLayers(layers: Layer[], extras: ScopeExtras = {}): VarScope {
  // Secrets are `!unsafe` (section 1.5): never templated, whatever they contain.
  const unsafe = new Set<string>();
  for (const l of layers)
    if (l.name === 'secrets') for (const k of Object.keys(l.vars)) unsafe.add(k);
  const scope = createScope(
    layers.map((l) => labelLayer({ ...l.vars }, l.name)),
    { unsafe, searchPaths: extras.searchPaths },
  );
  const names = () => {
    const set = new Set<string>();
    for (const l of layers) for (const k of Object.keys(l.vars)) set.add(k);
    return [...set];
  };
  const has = (name: string) => layers.some((l) => name in l.vars);
  const render = (value: unknown, where: string) => renderValue(value, scope, where);
  return {
    render,
    get: (name) => render(`{{ ${name} }}`, name),
    has,
    names,
    test(condition, where) {
      const list = Array.isArray(condition) ? condition : [condition];
      return list.every((c) => truthy(render(conditionTemplate(c), where)));
    },
  };
}

/** `when: x == 1` → `{{ (x == 1) }}`; `{{ }}` inside a conditional is tolerated (7.1). */
function conditionTemplate(c: unknown): unknown {
  if (typeof c !== 'string') return c;
  const t = c.trim();
  const wrapped = /^\{\{(.*)\}\}$/s.exec(t);
  return `{{ (${wrapped ? wrapped[1] : t}) }}`;
}

/** Ansible's conditional truthiness: `False`/`false`/`no`/''/0/[] are false. */
export function truthy(v: unknown): boolean {
  if (typeof v === 'string')
    return !['', 'false', 'no', 'off', '0', 'none'].includes(v.trim().toLowerCase());
  if (Array.isArray(v)) return v.length > 0;
  if (v && typeof v === 'object') return Object.keys(v as Vars).length > 0;
  return Boolean(v);
}
