import type { Vars } from '@zuul-ts/role-kit';

/**
 * One source of variables for a task on a host. The names are the rows of
 * Zuul's variable precedence (plus Ansible's own order inside row 10).
 */
export type LayerName =
  | 'role defaults' // 1
  | 'local facts' // zuul-ts gathers no facts; minimal local ones (ansible_user_dir), below inventory so a host var wins
  | 'inventory' // 2–8: parent results, include-vars, project/job vars, group/host vars, extra-vars (squashed by Zuul per host)
  | 'secrets' // 9: group_vars/all.yaml beside the inventory; same-named inventory keys lose
  | 'play vars' // 10, Ansible 12
  | 'vars_files' // 10, Ansible 14
  | 'role vars' // 10, Ansible 15: roles/<name>/vars/main.yaml
  | 'block vars' // 10, Ansible 16
  | 'task vars' // 10, Ansible 17 (include_role `vars:` are the include task's vars)
  | 'include_vars' // 10, Ansible 18
  | 'set_fact' // 10, Ansible 19
  | 'role params' // 10, Ansible 20: `roles: [{role: x, foo: 1}]`
  | 'magic' // inventory_hostname, ansible_play_hosts, groups, hostvars, omit…
  | 'loop' // the loop variable of the current task
  | 'extra vars' // 11: -e
  | 'zuul'; // 11: -e @zuul_vars.yaml — beats everything, set_fact cannot change it

export interface Layer {
  name: LayerName;
  vars: Vars;
}

/** Precedence, lowest first. `assembleLayers` always returns layers in this order. */
export const LAYER_ORDER: readonly LayerName[] = [
  'role defaults',
  'local facts',
  'inventory',
  'secrets',
  'play vars',
  'vars_files',
  'role vars',
  'block vars',
  'task vars',
  'include_vars',
  'set_fact',
  'role params',
  'magic',
  'loop',
  'extra vars',
  'zuul',
];

/** Everything the runner knows about one task on one host, before templating. */
export interface TaskVarSources {
  roleDefaults?: Vars[];
  localFacts?: Vars;
  inventory: Vars;
  secrets?: Vars;
  playVars?: Vars;
  varsFiles?: Vars[];
  roleVars?: Vars[];
  /** Outermost block first. */
  blockVars?: Vars[];
  taskVars?: Vars;
  includeVars?: Vars;
  facts?: Vars;
  roleParams?: Vars[];
  magic?: Vars;
  loop?: Vars;
  extraVars?: Vars;
  zuul?: Vars;
}

/**
 * Assembles the layers for a task on a host exactly in Zuul's precedence order (lowest first). Layers replace
 * at the top level (Ansible's default `hash_behaviour=replace`), so a host var `foo: {b: 1}`
 * hides a job var `foo: {a: 1}` entirely. `zuul` is lifted out of every lower layer: it can only
 * come from the zuul layer (2.2: `set_fact: zuul:` has no effect on later reads).
 */
export function assembleLayers(src: TaskVarSources): Layer[] {
  const layers: Layer[] = [];
  const push = (name: LayerName, ...sources: (Vars | undefined)[]) => {
    for (const vars of sources) if (vars && Object.keys(vars).length) layers.push({ name, vars });
  };
  push('role defaults', ...(src.roleDefaults ?? []));
  push('local facts', src.localFacts);
  push('inventory', src.inventory);
  push('secrets', src.secrets);
  push('play vars', src.playVars);
  push('vars_files', ...(src.varsFiles ?? []));
  push('role vars', ...(src.roleVars ?? []));
  push('block vars', ...(src.blockVars ?? []));
  push('task vars', src.taskVars);
  push('include_vars', src.includeVars);
  push('set_fact', src.facts);
  push('role params', ...(src.roleParams ?? []));
  push('magic', src.magic);
  push('loop', src.loop);
  push('extra vars', src.extraVars);
  if (src.zuul !== undefined) layers.push({ name: 'zuul', vars: { zuul: src.zuul } });
  if (src.zuul === undefined) return layers;
  return layers.map((l) =>
    l.name === 'zuul' || !('zuul' in l.vars) ? l : { name: l.name, vars: withoutZuul(l.vars) },
  );
}

function withoutZuul(vars: Vars): Vars {
  const { zuul: _drop, ...rest } = vars;
  void _drop;
  return rest;
}

/** Flattens layers into one dict (top-level replace), i.e. what Ansible's VariableManager holds. */
export function flattenLayers(layers: Layer[]): Vars {
  const out: Vars = {};
  for (const l of layers) Object.assign(out, l.vars);
  return out;
}

/** Which layer a variable's value comes from (for debugging and precedence tests). */
export function winningLayer(layers: Layer[], name: string): LayerName | undefined {
  for (let i = layers.length - 1; i >= 0; i--) if (name in layers[i].vars) return layers[i].name;
  return undefined;
}
