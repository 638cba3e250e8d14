import type { Vars } from '../config/types';

/** A node as Nodepool hands it to the executor (only what the inventory uses). */
export interface NodeInfo {
  /** Nodeset node name (one inventory host per name). */
  name: string;
  label: string;
  interfaceIp: string;
  connectionPort?: number;
  username?: string;
  pythonPath?: string;
  connectionType?: string;
  shellType?: string;
  hostKeys?: string[];
  az?: string | null;
  cloud?: string | null;
  provider?: string | null;
  region?: string | null;
  hostId?: string | null;
  externalId?: string | null;
  slot?: number | null;
  publicIpv4?: string | null;
  privateIpv4?: string | null;
  publicIpv6?: string | null;
  privateIpv6?: string | null;
  nodeProperties?: Record<string, unknown>;
}

/** Zuul's inventory.yaml (`make_inventory_dict`). */
export interface InventoryDict {
  all: {
    hosts: Record<string, Vars>;
    vars: Vars;
    children: Record<string, { hosts: Record<string, null> }>;
  };
}
