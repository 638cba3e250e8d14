import type { Nodeset, Vars } from '../config/types';
import type { NodeInfo } from './types';
import { connectionVars } from './nodes';

/**
 * `squash_variables` (zuul/executor/server.py): per host, plain top-level updates in order
 * job vars, group-vars['all'], group-vars of each group holding the host (groups sorted by
 * name), host vars (job host-vars + connection vars), extra-vars. `localhost` (all.vars) gets
 * job vars, group-vars['all'] and extra-vars. Ansible's hash_behaviour=replace: no deep merge.
 * Docs vs code: job-content.rst says extra-vars are not added to the inventory; the code
 * squashes them into every host and all.vars. We follow the code.
 */
export function squashVariables(
  nodes: NodeInfo[],
  nodeset: Nodeset,
  jobVars: Vars,
  groupVars: Record<string, Vars>,
  extraVars: Vars,
  hostVars: Record<string, Vars>,
): Record<string, Vars> {
  const out: Record<string, Vars> = {
    localhost: { ...jobVars, ...(groupVars.all ?? {}), ...extraVars },
  };
  const groups = [...nodeset.groups].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  for (const node of nodes) {
    const v: Vars = { ...jobVars, ...(groupVars.all ?? {}) };
    for (const g of groups)
      if (g.nodes.includes(node.name)) Object.assign(v, groupVars[g.name] ?? {});
    Object.assign(v, hostVars[node.name] ?? {}, connectionVars(node));
    Object.assign(v, extraVars);
    out[node.name] = v;
  }
  return out;
}
