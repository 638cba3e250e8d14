import { join } from 'node:path';
import type { Vars } from '@zuul-ts/role-kit';
import { factsFor } from '../vars/frozen-vars';
import { inventoryVarsFor } from '../vars/hosts';
import { assembleLayers, type Layer } from '../vars/layers';
import { scopeFromLayers, type VarScope } from '../vars/scope';
import type { HostState, PlayState, RunContext, TaskFrame } from './state';

/** The ansible-core release whose templating and variables zuul-ts reproduces. */
const ANSIBLE_VERSION = { string: '2.14.0', full: '2.14.0', major: 2, minor: 14, revision: 0 };

/**
 * Builds the templating scope for a task on a host from every precedence layer the runner
 * holds. The one place where runner state becomes variables.
 */
export function layersFor(
  run: RunContext,
  play: PlayState,
  host: HostState,
  frame: TaskFrame,
  taskVars?: Vars,
  loop?: Vars,
): Layer[] {
  const inv = run.inventory;
  const groups: Record<string, string[]> = { all: inv.hosts.map((h) => h.name), ...inv.groups };
  groups.ungrouped = groups.all.filter(
    (h) => !Object.entries(inv.groups).some(([, m]) => m.includes(h)),
  );
  // Magic variables Ansible sets for every host (hostvars[h] carries them too).
  const hostMagic = (name: string): Vars => ({
    inventory_hostname: name,
    inventory_hostname_short: name.split('.')[0],
    group_names: Object.keys(groups)
      .filter((g) => g !== 'all' && groups[g].includes(name))
      .sort(),
    groups,
    playbook_dir: play.dir,
    ansible_version: ANSIBLE_VERSION,
    ansible_check_mode: run.dryRun,
  });
  // hostvars[h]: what Ansible's variable manager holds for h outside the play (inventory,
  // include_vars, facts, extra vars, the zuul dict, magic variables), not the play's vars.
  const hostvars: Record<string, Vars> = {};
  for (const h of [...inv.hosts.map((x) => x.name), 'localhost']) {
    const st = play.hosts.get(h);
    hostvars[h] = {
      ...inventoryVarsFor(h, inv),
      ...(st?.includeVars ?? {}),
      ...(st?.facts ?? {}),
      ...run.extraVars,
      ...(run.zuul ? { zuul: run.zuul } : {}),
      ...hostMagic(h),
    };
  }
  const magic: Vars = {
    ...hostMagic(host.name),
    ansible_play_hosts: [...play.active],
    ansible_play_batch: [...play.active],
    ansible_play_hosts_all: [...play.all],
    role_names: [...play.roleNames],
    ansible_play_role_names: [...play.roleNames],
    hostvars,
    ...(frame.role ? { role_name: frame.role.name } : {}),
  };
  return assembleLayers({
    roleDefaults: frame.role ? [frame.role.defaults] : [],
    localFacts: factsFor(host.name, inventoryVarsFor(host.name, inv)),
    inventory: inventoryVarsFor(host.name, inv),
    secrets: inv.secrets,
    playVars: play.vars,
    varsFiles: play.varsFiles.get(host.name),
    roleVars: frame.role ? [frame.role.vars] : [],
    blockVars: frame.blockVars,
    taskVars,
    includeVars: host.includeVars,
    facts: host.facts,
    roleParams: frame.role ? [frame.role.params] : [],
    magic,
    loop,
    extraVars: run.extraVars,
    zuul: run.zuul,
  });
}

export function scopeFor(
  run: RunContext,
  play: PlayState,
  host: HostState,
  frame: TaskFrame,
  taskVars?: Vars,
  loop?: Vars,
): VarScope {
  const searchPaths = frame.role
    ? [join(run.rolesDir, frame.role.name, 'files'), play.dir]
    : [play.dir];
  return scopeFromLayers(layersFor(run, play, host, frame, taskVars, loop), { searchPaths });
}
