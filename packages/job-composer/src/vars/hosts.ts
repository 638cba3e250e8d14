import type { Vars } from '@zuul-ts/role-kit';
import { combineHostPattern } from '@zuul-ts/templating';

/**
 * The inventory as the runner needs it: hosts in inventory order with their squashed vars
 * (layers 2–8), `all.vars` for the implicit localhost, groups, and the secrets Zuul writes to
 * `group_vars/all.yaml` beside the inventory (layer 9).
 */
export interface InventoryView {
  hosts: { name: string; vars: Vars }[];
  allVars: Vars;
  groups: Record<string, string[]>;
  secrets: Vars;
}

/** Reads a Zuul-shaped inventory dict (`{all: {hosts, vars, children}}`). */
export function inventoryView(doc: unknown, secrets: Vars = {}): InventoryView {
  const all = ((doc as { all?: unknown } | null)?.all ?? {}) as {
    hosts?: Record<string, Vars | null>;
    vars?: Vars | null;
    children?: Record<string, { hosts?: Record<string, unknown> | null } | null>;
  };
  const hosts = Object.entries(all.hosts ?? {}).map(([name, vars]) => ({ name, vars: vars ?? {} }));
  const groups: Record<string, string[]> = {};
  for (const [group, body] of Object.entries(all.children ?? {})) {
    groups[group] = Object.keys(body?.hosts ?? {});
  }
  return { hosts, allVars: all.vars ?? {}, groups, secrets };
}

/** An empty inventory: executor-only runs (`zuul-ts role`, promote jobs with `nodes: []`). */
export function emptyInventory(allVars: Vars = {}, secrets: Vars = {}): InventoryView {
  return { hosts: [], allVars, groups: { zuul_unreachable: [] }, secrets };
}

/**
 * Resolves a play's `hosts:` pattern (`all`, `localhost`, a group, `all[0]`, `group[1]`,
 * `a:b` unions and `all:!zuul_unreachable`) to host names in inventory order. `localhost` is
 * implicit: never part of `all`, only matched by name.
 */
export function matchHosts(pattern: string, inv: InventoryView): string[] {
  const names = inv.hosts.map((h) => h.name);
  const resolveOne = (p: string): string[] => {
    const idx = /^(.+)\[(-?\d+)\]$/.exec(p);
    if (idx) {
      const base = resolveOne(idx[1]);
      const i = Number(idx[2]);
      const hit = base[i < 0 ? base.length + i : i];
      return hit === undefined ? [] : [hit];
    }
    if (p === 'all' || p === '*') return names;
    if (p === 'localhost' || p === '127.0.0.1') return names.includes(p) ? [p] : ['localhost'];
    if (inv.groups[p]) return names.filter((n) => inv.groups[p].includes(n));
    if (names.includes(p)) return [p];
    return [];
  };
  return combineHostPattern(pattern, resolveOne);
}

/**
 * A host's inventory-level vars (layers 2–8): `all.vars` (group `all`, which Ansible applies to
 * every host) under the host's own entry; the implicit localhost gets `all.vars` only.
 */
export function inventoryVarsFor(host: string, inv: InventoryView): Vars {
  const h = inv.hosts.find((x) => x.name === host);
  return h ? { ...inv.allVars, ...h.vars } : inv.allVars;
}
