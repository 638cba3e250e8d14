import type { Nodeset } from '../config/types';
import type { NodeInfo } from './types';

/**
 * Nodes for a nodeset when no Nodepool is involved: every nodeset host is the local machine
 * (`ansible_connection: local`), which is how zuul-ts runs jobs.
 */
export function localNodes(nodeset: Nodeset): NodeInfo[] {
  return nodeset.nodes.flatMap((n) =>
    n.name.map((name) => ({
      name,
      label: n.label,
      interfaceIp: '127.0.0.1',
      connectionType: 'local',
    })),
  );
}

/** `nodepool` host var (and `zuul.node`): Nodepool's node attributes. */
export function nodepoolVars(node: NodeInfo): Record<string, unknown> {
  const publicIpv4 = node.publicIpv4 ?? null;
  return {
    label: node.label,
    az: node.az ?? null,
    cloud: node.cloud ?? null,
    provider: node.provider ?? null,
    region: node.region ?? null,
    host_id: node.hostId ?? null,
    external_id: node.externalId ?? null,
    slot: node.slot ?? null,
    interface_ip: node.interfaceIp,
    public_ipv4: publicIpv4,
    // private_ipv4 falls back to public_ipv4 (executor getHostList).
    private_ipv4: node.privateIpv4 ?? publicIpv4,
    public_ipv6: node.publicIpv6 ?? null,
    private_ipv6: node.privateIpv6 ?? null,
    node_properties: node.nodeProperties ?? {},
  };
}

/** Connection vars the executor sets per host (they override job host-vars). */
export function connectionVars(node: NodeInfo): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ansible_host: node.interfaceIp,
    ansible_port: node.connectionPort ?? 22,
    ansible_user: node.username ?? 'zuul',
    ansible_python_interpreter: node.pythonPath ?? 'auto',
  };
  if (node.connectionType) out.ansible_connection = node.connectionType;
  if (node.shellType) out.ansible_shell_type = node.shellType;
  if (!node.hostKeys || node.hostKeys.length === 0)
    out.ansible_ssh_common_args = '-o StrictHostKeyChecking=false';
  const np = nodepoolVars(node);
  out.nodepool = np;
  out.zuul = { node: np };
  return out;
}
