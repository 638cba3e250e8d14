/**
 * A layered, lazily rendered variable scope (Ansible's variable manager + AnsibleJ2Vars):
 * layers are lowest -> highest precedence and hold raw values (may contain templates); a name
 * resolves to the highest layer holding it and is rendered on access in *this* scope's context
 * (so a parent's `foo: "{{ item }}"` sees a child's loop var, like Ansible's lazy templating),
 * recursively, with results cached per scope. A cycle is an error naming the chain; a value that
 * fails with an undefined variable is itself undefined inside templates (AnsibleJ2Vars), so
 * `foo | default(x)` works when `foo: "{{ missing }}"`.
 */
import { TemplateError } from './errors';
import { globalValue, hasGlobal } from './globals';
import { renderValue } from './render';
import { PyUndefined, undefinedName } from './undefined';

export interface ScopeOptions {
  parent?: Scope;
  /** Names whose values are never templated (Ansible `!unsafe`: secrets, unsafe_vars). */
  unsafe?: Set<string>;
  /** Directories searched by `lookup('file', relative)` (role files/, playbook dir); inherited. */
  searchPaths?: string[];
  /**
   * If set, `lookup('file')`/`first_found` may only read below these directories (Zuul keeps
   * untrusted playbooks inside the job dir); inherited.
   */
  fileRoots?: string[];
  /** Environment seen by `lookup('env')` (default: process.env); inherited. */
  env?: Record<string, string | undefined>;
}

const layerLabels = new WeakMap<object, string>();

/** Attach a human label ("play vars in run.yaml:12") to a layer; errors name it. */
export function labelLayer<T extends Record<string, unknown>>(layer: T, label: string): T {
  layerLabels.set(layer, label);
  return layer;
}

interface Found {
  value: unknown;
  label?: string;
  unsafe: boolean;
}

/** Variables being resolved right now (rendering is synchronous), for cycle detection. */
const resolving: Array<{ scope: Scope; name: string }> = [];

export class Scope {
  private readonly cache = new Map<string, unknown>();
  readonly parent?: Scope;
  readonly searchPaths: string[];
  readonly fileRoots?: string[];
  readonly env: Record<string, string | undefined>;
  private readonly unsafe: Set<string>;

  constructor(
    private readonly layers: Array<Record<string, unknown>>,
    options: ScopeOptions = {},
  ) {
    this.parent = options.parent;
    this.unsafe = options.unsafe ?? new Set();
    this.searchPaths = options.searchPaths ?? options.parent?.searchPaths ?? [];
    this.fileRoots = options.fileRoots ?? options.parent?.fileRoots;
    this.env = options.env ?? options.parent?.env ?? process.env;
  }

  /** The raw (unrendered) value of `name`, with its layer label, or undefined. */
  findRaw(name: string): Found | undefined {
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const layer = this.layers[i];
      if (Object.prototype.hasOwnProperty.call(layer, name))
        return { value: layer[name], label: layerLabels.get(layer), unsafe: this.unsafe.has(name) };
    }
    const up = this.parent?.findRaw(name);
    if (up && this.unsafe.has(name)) up.unsafe = true;
    return up;
  }

  has(name: string): boolean {
    return this.findRaw(name) !== undefined;
  }

  /** Every visible variable name (all layers and parents). */
  names(): string[] {
    const out = new Set(this.parent?.names() ?? []);
    for (const layer of this.layers) for (const k of Object.keys(layer)) out.add(k);
    return [...out];
  }

  child(layer: Record<string, unknown>, options: Omit<ScopeOptions, 'parent'> = {}): Scope {
    return new Scope([layer], { ...options, parent: this });
  }

  /** The rendered value of `name`; a TemplateError if it is undefined or fails to render. */
  get(name: string): unknown {
    if (this.cache.has(name)) return this.cache.get(name);
    const found = this.findRaw(name);
    if (!found)
      throw new TemplateError(`'${name}' is undefined`, {
        variable: name,
        undefinedVariable: true,
      });
    const at = resolving.findIndex((r) => r.scope === this && r.name === name);
    if (at >= 0) {
      const chain = [...resolving.slice(at).map((r) => r.name), name];
      throw new TemplateError(`recursive loop detected in template string: ${chain.join(' -> ')}`, {
        variable: name,
        chain,
      });
    }
    resolving.push({ scope: this, name });
    let value: unknown;
    try {
      // containers render with their path so errors name the element (container_images[0].repository)
      const path = typeof found.value === 'object' && found.value !== null ? name : undefined;
      value = found.unsafe
        ? renderValue(found.value, this, undefined, true)
        : renderValue(found.value, this, path);
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      const label = found.label ? ` (${found.label})` : '';
      throw new TemplateError(`variable '${name}'${label}: ${e.message}`, {
        variable: e.variable ?? name,
        chain: e.chain,
        undefinedVariable: e.undefinedVariable,
      });
    } finally {
      resolving.pop();
    }
    this.cache.set(name, value);
    return value;
  }

  /**
   * Forget cached renderings (call after mutating a layer object, e.g. adding a `set_fact`
   * result to the facts layer). Child scopes keep their own caches; create them per task.
   */
  invalidate(): void {
    this.cache.clear();
  }

  /**
   * Render `name` if it is defined and renders without undefined parts; `{ ok: false }`
   * otherwise. For Zuul's var freezing, which omits such names.
   */
  tryGet(name: string): { ok: true; value: unknown } | { ok: false; error?: TemplateError } {
    if (!this.has(name)) return { ok: false };
    try {
      return { ok: true, value: this.get(name) };
    } catch (e) {
      if (e instanceof TemplateError) return { ok: false, error: e };
      throw e;
    }
  }

  /** Name resolution inside templates: the rendered value, a global, or an undefined value. */
  lookup(name: string): unknown {
    if (this.has(name)) {
      try {
        return this.get(name);
      } catch (e) {
        // AnsibleJ2Vars: an undefined inside a variable's value makes the variable undefined
        // (lazily failing), so `is defined` / `default()` see it; cycles and other errors propagate.
        if (e instanceof TemplateError && e.undefinedVariable)
          return new PyUndefined(e.message, name);
        throw e;
      }
    }
    if (hasGlobal(name)) return globalValue(name, this);
    return undefinedName(name);
  }
}

export function createScope(
  layers: Array<Record<string, unknown>>,
  options: ScopeOptions = {},
): Scope {
  return new Scope(layers, options);
}
