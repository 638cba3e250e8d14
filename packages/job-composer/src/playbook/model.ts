import type { Vars } from '@zuul-ts/role-kit';

/** Where a play or task was written, for error messages. */
export interface Origin {
  file: string;
  line: number;
}

/** Keywords every task may carry (the supported Ansible subset). */
export interface TaskCommon {
  origin: Origin;
  name?: string;
  when?: unknown[];
  /** Raw `loop` / `with_items` value (a template or a list). */
  loop?: unknown;
  /** The loop came from `with_items` (flattened one level), not `loop`. */
  withItems?: boolean;
  loopVar: string;
  noLog: boolean;
  vars: Vars;
}

export type Task =
  | (TaskCommon & { action: 'include_role'; role: string; roleVars: Vars; static: boolean })
  | (TaskCommon & { action: 'include_vars'; file: unknown })
  | (TaskCommon & { action: 'set_fact'; facts: Vars })
  | (TaskCommon & { action: 'debug'; msg?: unknown; var?: string })
  | (TaskCommon & { action: 'fail'; msg?: unknown })
  | (TaskCommon & { action: 'assert'; that: unknown[]; failMsg?: unknown; successMsg?: unknown })
  | (TaskCommon & { action: 'zuul_return'; args: Vars })
  | (TaskCommon & { action: 'block'; block: Task[]; rescue: Task[]; always: Task[] });

/** A `roles:` entry of a play: the role name plus its role params. */
export interface PlayRole {
  origin: Origin;
  role: string;
  params: Vars;
  when?: unknown[];
}

export interface Play {
  origin: Origin;
  name?: string;
  hosts: string;
  vars: Vars;
  varsFiles: unknown[];
  roles: PlayRole[];
  preTasks: Task[];
  tasks: Task[];
  postTasks: Task[];
}

export interface Playbook {
  file: string;
  plays: Play[];
}
