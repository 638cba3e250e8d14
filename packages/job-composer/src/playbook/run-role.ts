import type { Vars } from '@zuul-ts/role-kit';
import type { Playbook } from './model';
import {
  runPlaybook,
  type CommonRunOptions,
  type RunPlaybookOptions,
  type RunResult,
} from './run-api';

export interface RunRoleOptions extends CommonRunOptions {
  role: string;
  /** The role's variables (what a stock-Ansible stub pipes with `-e @-`); extra-vars precedence. */
  vars?: Vars;
  /** Hosts pattern and inventory (default: the implicit localhost, no inventory). */
  hosts?: string;
  inventory?: RunPlaybookOptions['inventory'];
}

/**
 * Runs one role like a one-task play `include_role: name: <role>` with the variables as extra
 * vars; `roles/<role>/defaults/main.yaml` still applies underneath (the lowest precedence layer).
 */
export function runRole(opts: RunRoleOptions): Promise<RunResult> {
  const origin = { file: `<role ${opts.role}>`, line: 1 };
  const playbook: Playbook = {
    file: origin.file,
    plays: [
      {
        origin,
        hosts: opts.hosts ?? 'localhost',
        vars: {},
        varsFiles: [],
        roles: [],
        preTasks: [],
        postTasks: [],
        tasks: [
          {
            origin,
            action: 'include_role',
            role: opts.role,
            roleVars: {},
            static: false,
            loopVar: 'item',
            noLog: false,
            vars: {},
          },
        ],
      },
    ],
  };
  return runPlaybook({
    ...opts,
    playbooks: [playbook],
    extraVars: { ...(opts.extraVars ?? {}), ...(opts.vars ?? {}) },
  });
}
