import type { Vars } from '../config/types';
import { deepMerge } from '../freeze/deep-merge';
import type { FrozenJob, FrozenPlaybook } from '../freeze/types';
import type { ZuulDict } from '../zuul/types';
import { localNodes } from './nodes';
import { squashVariables } from './squash';
import type { InventoryDict, NodeInfo } from './types';

export interface InventoryOptions {
  /** Layer 2: `zuul_return` data of ancestor builds (already without zuul/nodepool/unsafe_vars). */
  parentData?: Vars;
  /** Layer 3: include-vars file contents, merged in order. */
  includeVarsData?: Vars;
  /** Put `zuul` into all.vars, as in the debug `ansible/inventory.yaml` (default true). */
  includeZuul?: boolean;
  /** Hosts that became unreachable (the `zuul_unreachable` group). */
  unreachable?: string[];
  /**
   * Runtime inventory (2.4): every host and all.vars get `unsafe_vars`, a copy of its squashed
   * vars that `writeInventory` tags `!unsafe` (never templated).
   */
  unsafeVars?: boolean;
}

/** Layers 2-5 deep-merged: parent data < include-vars < job vars (project vars already inside). */
export function normalVars(frozen: FrozenJob, options: InventoryOptions = {}): Vars {
  return deepMerge(deepMerge(options.parentData ?? {}, options.includeVarsData ?? {}), frozen.vars);
}

/**
 * Zuul's `make_inventory_dict`: `all.hosts` (squashed vars + connection vars per host),
 * `all.vars` (what localhost sees, plus `zuul` in the debug inventory), `all.children` (one
 * group per nodeset group, and `zuul_unreachable`, always present). Secrets never appear here.
 */
export function makeInventory(
  frozen: FrozenJob,
  zuul: ZuulDict,
  nodes?: NodeInfo[],
  options: InventoryOptions = {},
): InventoryDict {
  const hosts = nodes ?? localNodes(frozen.nodeset);
  const squashed = squashVariables(
    hosts,
    frozen.nodeset,
    normalVars(frozen, options),
    frozen.groupVars,
    frozen.extraVars,
    frozen.hostVars,
  );
  const inventory: InventoryDict = { all: { hosts: {}, vars: {}, children: {} } };
  const withUnsafe = (v: Vars): Vars =>
    options.unsafeVars ? { ...v, unsafe_vars: structuredClone(v) } : v;
  for (const node of hosts) inventory.all.hosts[node.name] = withUnsafe(squashed[node.name]);
  inventory.all.vars = withUnsafe({ ...squashed.localhost });
  if (options.includeZuul ?? true) inventory.all.vars.zuul = zuul;
  for (const group of frozen.nodeset.groups) {
    inventory.all.children[group.name] = {
      hosts: Object.fromEntries(group.nodes.map((n) => [n, null])),
    };
  }
  inventory.all.children.zuul_unreachable = {
    hosts: Object.fromEntries((options.unreachable ?? []).map((n) => [n, null])),
  };
  return inventory;
}

/**
 * The secrets a playbook gets in `group_vars/all.yaml` beside its inventory (layer 9): its own
 * secrets (variable -> data), plus parent `secret_data` keys that nothing else defines
 * (`mergeSecretVars`: dropped when the name exists in normal/group/host/extra vars or secrets).
 */
export function playbookSecrets(
  frozen: FrozenJob,
  playbook: FrozenPlaybook,
  secretValues: Record<string, Vars> = {},
  parentSecretData: Vars = {},
  options: InventoryOptions = {},
): Vars {
  const out: Vars = {};
  const taken = new Set([
    ...Object.keys(normalVars(frozen, options)),
    ...Object.values(frozen.groupVars).flatMap((v) => Object.keys(v)),
    ...Object.values(frozen.hostVars).flatMap((v) => Object.keys(v)),
    ...Object.keys(frozen.extraVars),
    ...Object.keys(playbook.secrets),
  ]);
  for (const [k, v] of Object.entries(parentSecretData)) if (!taken.has(k)) out[k] = v;
  for (const [alias, s] of Object.entries(playbook.secrets))
    out[alias] = secretValues[s.secret] ?? s.data;
  return out;
}

/**
 * A per-playbook inventory: keys named like a secret removed from every host and all.vars, so
 * secrets beat extra-vars. Docs vs code: job-content.rst ranks extra-vars above secrets; the
 * code and release note unsafe-vars-a997ccabd745176d give secrets priority. We follow the code.
 */
export function withoutSecretKeys(inventory: InventoryDict, secrets: Vars): InventoryDict {
  const drop = (v: Vars) => Object.fromEntries(Object.entries(v).filter(([k]) => !(k in secrets)));
  return {
    all: {
      hosts: Object.fromEntries(Object.entries(inventory.all.hosts).map(([h, v]) => [h, drop(v)])),
      vars: drop(inventory.all.vars),
      children: inventory.all.children,
    },
  };
}
