import { join } from 'node:path';
import type { Vars } from '../role-kit';
import { factsFor } from '../vars/frozen-vars';
import { inventoryVarsFor } from '../vars/hosts';
import { assembleLayers, type Layer } from '../vars/layers';
import { scopeFromLayers, type VarScope } from '../vars/scope';
import type { HostState, PlayState, RunContext, TaskFrame } from './state';

/**
 * Builds the templating scope for a task on a host from every table-2.1 source the runner
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
  const hostvars: Record<string, Vars> = {};
  for (const h of [...inv.hosts.map((x) => x.name), 'localhost']) {
    const st = play.hosts.get(h);
    hostvars[h] = { ...inventoryVarsFor(h, inv), ...(st?.includeVars ?? {}), ...(st?.facts ?? {}) };
  }
  const groups: Record<string, string[]> = { all: inv.hosts.map((h) => h.name), ...inv.groups };
  groups.ungrouped = groups.all.filter(
    (h) => !Object.entries(inv.groups).some(([, m]) => m.includes(h)),
  );
  const magic: Vars = {
    inventory_hostname: host.name,
    inventory_hostname_short: host.name.split('.')[0],
    ansible_play_hosts: [...play.active],
    ansible_play_batch: [...play.active],
    ansible_play_hosts_all: [...play.all],
    groups,
    hostvars,
    playbook_dir: play.dir,
    ansible_check_mode: run.dryRun,
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
