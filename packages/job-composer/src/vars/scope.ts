import type { Vars } from '@zuul-ts/role-kit';
import {
  LazyMapping,
  Unsafe,
  createScope,
  evaluateCondition,
  labelLayer,
  renderValue,
} from '@zuul-ts/templating';
import type { Layer } from './layers';

/**
 * The runner's view of templating: one scope per task and host, built from the precedence
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
  // Secrets are `!unsafe`: never templated, whatever they contain.
  const unsafe = new Set<string>();
  for (const l of layers)
    if (l.name === 'secrets') for (const k of Object.keys(l.vars)) unsafe.add(k);
  // `vars`: every variable's raw, unrendered value (Ansible's `vars` magic variable)
  const varsLayer: Vars = {};
  const scope = createScope([varsLayer, ...layers.map((l) => labelLayer({ ...l.vars }, l.name))], {
    unsafe,
    searchPaths: extras.searchPaths,
  });
  varsLayer.vars = new LazyMapping(
    () => scope.names().filter((n) => n !== 'vars'),
    (name) => {
      const raw = scope.findRaw(name)?.value;
      return raw instanceof Unsafe ? raw.value : raw;
    },
  );
  return {
    render: (value, where) => renderValue(value, scope, where),
    get: (name) => scope.get(name),
    has: (name) => scope.has(name),
    names: () => scope.names(),
    test: (condition, where) => evaluateCondition(condition, scope, where),
  };
}
