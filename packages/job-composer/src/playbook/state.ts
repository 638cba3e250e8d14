import type { Emitter, Redactor } from '../events';
import type { OperationRecord, Vars, ZuulReturnPayload } from '@zuul-ts/role-kit';
import type { InventoryView } from '../vars/hosts';
import type { Origin } from './model';

/** What one role invocation did (library callers read these from the run result). */
export interface RoleRunRecord {
  role: string;
  host: string;
  summary?: string;
  result?: unknown;
  operations: OperationRecord[];
  /** The rendered variables the role saw (redacted); for tests and `--json` debugging. */
  warnings: string[];
}

/** Shared by every playbook of one run. */
export interface RunContext {
  inventory: InventoryView;
  extraVars: Vars;
  /** The `zuul` dict, top precedence. Absent for `zuul-ts role` without one. */
  zuul?: Vars;
  dryRun: boolean;
  /**
   * Check mode: the walk visits every play, host, block, loop item and role the run would
   * reach, but runs no task and no role; each role's inputs are rendered and validated as
   * they would be (see checkPlaybook).
   */
  check?: boolean;
  emitter: Emitter;
  redactor: Redactor;
  rolesDir: string;
  signal: AbortSignal;
  /** Merges one zuul_return payload into the results file (serialised by the runner). */
  zuulReturn(payload: ZuulReturnPayload, path?: string): Promise<void>;
  roles: RoleRunRecord[];
  /** Every engine/registry operation, in order (the dry-run plan). */
  plan: OperationRecord[];
  /** Where unreachable hosts are listed for the executor (`nodes.unreachable`), if anywhere. */
  unreachableFile?: string;
}

/** Per-playbook, per-host state: Ansible's host facts and include_vars (they outlive a play). */
export interface HostState {
  name: string;
  facts: Vars;
  includeVars: Vars;
}

/** One play's view while it runs. */
export interface PlayState {
  file: string;
  dir: string;
  vars: Vars;
  /** vars_files content per host (entries can be templated per host). */
  varsFiles: Map<string, Vars[]>;
  /** Hosts still active (failed hosts leave the play, as in Ansible's linear strategy). */
  active: string[];
  all: string[];
  hosts: Map<string, HostState>;
  /** The roles the play's `roles:` section names (Ansible's role_names; include_role adds none). */
  roleNames: string[];
}

/** Role frame for tasks running inside a role (`roles:` entries and include_role). */
export interface RoleFrame {
  name: string;
  defaults: Vars;
  vars: Vars;
  params: Vars;
}

/** One role invocation: a `roles:` entry (params) or an `include_role` task (task vars). */
export interface RoleCall {
  role: string;
  params: Vars;
  taskVars?: Vars;
  origin: Origin;
}

/** Where a task sits: block vars from the outside in and inherited block conditions. */
export interface TaskFrame {
  blockVars: Vars[];
  conditions: { when: unknown[]; where: string }[];
  role?: RoleFrame;
  /** Inside a block that has a `rescue` section (a failure here may still be rescued). */
  rescuable?: boolean;
}
