import { homedir, userInfo } from 'node:os';
import { markUnsafe } from '@zuul-ts/templating';
import type { Vars } from '@zuul-ts/role-kit';
import type { InventoryDict } from '../inventory';
import type { InventoryView } from './hosts';
import { scopeFromLayers } from './scope';

/**
 * zuul-ts gathers no facts (roles talk to engine APIs, and to nodes only for their files); these stand in
 * for the few facts role defaults and job vars read (`"{{ ansible_user_dir }}/…"`).
 */
export const LOCAL_FACTS: Vars = {
  ansible_user_dir: homedir(),
  ansible_user_id: userInfo().username,
};

/**
 * The stand-in facts of a host. A node reached over SSH gets its SSH user's conventional home
 * (`/home/<user>`, `/root` for root) instead of the executor's, so `ansible_user_dir` and
 * everything templated from it point at the node's files.
 */
export function factsFor(host: string, vars: Vars): Vars {
  // Hosts without connection variables are local: no need to load the engine package.
  if (vars.ansible_connection === 'local') return LOCAL_FACTS;
  if (vars.ansible_host === undefined && vars.ansible_connection === undefined) return LOCAL_FACTS;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { sshTarget } = require('@zuul-ts/engine') as typeof import('@zuul-ts/engine');
  const target = sshTarget(host, vars);
  if (!target) return LOCAL_FACTS;
  const user = target.username;
  return { ansible_user_dir: user === 'root' ? '/root' : `/home/${user}`, ansible_user_id: user };
}

/** Never frozen: Zuul passes them through as they are. */
const PASS_THROUGH = new Set(['nodepool', 'unsafe_vars', 'zuul']);

/**
 * Zuul's freeze playbook: every top-level variable of a host is
 * templated once, before the first pre playbook, with only the `zuul` dict, site extra vars
 * and minimal facts in reach — no secrets, nothing set later. A name that fails to render is
 * omitted. Returns plain values (what the per-playbook inventory file holds).
 */
export function freezeVars(
  vars: Vars,
  host: string,
  extraVars: Vars,
  zuul: Vars | undefined,
): Vars {
  const scope = scopeFromLayers([
    { name: 'local facts', vars: factsFor(host, vars) },
    { name: 'inventory', vars },
    {
      name: 'magic',
      vars: { inventory_hostname: host, inventory_hostname_short: host.split('.')[0] },
    },
    { name: 'extra vars', vars: extraVars },
    ...(zuul ? [{ name: 'zuul' as const, vars: { zuul } }] : []),
  ]);
  const out: Vars = {};
  for (const name of Object.keys(vars)) {
    if (PASS_THROUGH.has(name)) {
      out[name] = vars[name];
      continue;
    }
    try {
      out[name] = scope.get(name);
    } catch {
      // Omitted, as zuul_freeze omits names that fail to template or stay undefined.
    }
  }
  return out;
}

/**
 * The view a trusted or secret-bearing playbook runs with: frozen values, marked `!unsafe`
 * so they are never templated a second time.
 */
export function frozenView(view: InventoryView): InventoryView {
  const wrap = (vars: Vars) =>
    Object.fromEntries(
      Object.entries(vars).map(([k, v]) => [k, PASS_THROUGH.has(k) ? v : markUnsafe(v)]),
    );
  return {
    ...view,
    allVars: wrap(view.allVars),
    hosts: view.hosts.map((h) => ({ name: h.name, vars: wrap(h.vars) })),
  };
}

/** Freezes every host entry and `all.vars` (the implicit localhost) of a Zuul inventory. */
export function freezeInventory(
  inventory: InventoryDict,
  extraVars: Vars,
  zuul: Vars | undefined,
): InventoryDict {
  const hosts: Record<string, Vars> = {};
  for (const [name, vars] of Object.entries(inventory.all.hosts))
    hosts[name] = freezeVars(vars, name, extraVars, zuul);
  return {
    all: {
      hosts,
      vars: freezeVars(inventory.all.vars, 'localhost', extraVars, zuul),
      children: inventory.all.children,
    },
  };
}
