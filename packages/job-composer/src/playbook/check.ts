// The subpath: the package root loads the role context, and with it the registry client.
import { InputError } from '@zuul-ts/role-kit/errors';
import { resolveRole, validateRoleVars } from '../roles';
import { TaskFailure } from './errors';
import { roleVarsFor } from './role-run';
import type { HostState, PlayState, RoleCall, RunContext, TaskFrame } from './state';

/**
 * Check mode reached a task whose effect on later variables only running it can tell
 * (`set_fact`, `include_vars`, a `vars_files` entry that does not load): the check stops for
 * that host, and what comes after is left to the run.
 */
export class CheckStop extends Error {
  constructor() {
    super('check stops here for this host');
    this.name = 'CheckStop';
  }
}

/**
 * Computes a value the walk needs (a condition, a loop, a role name). In check mode one that
 * cannot be computed yet is `later`: the run reports it when it gets there.
 */
export function orLater<T>(run: RunContext, compute: () => T, later: T): T {
  if (!run.check) return compute();
  try {
    return compute();
  } catch {
    return later;
  }
}

/**
 * The check of one role call: its variables rendered as the run would give them, validated
 * against the role's schema (and its `checkInputs`). Throws a TaskFailure worded like the
 * role's run-time failure, with the role's InputError (naming the variable path) as its cause.
 */
export function checkRoleOnHost(
  run: RunContext,
  play: PlayState,
  host: HostState,
  outer: TaskFrame,
  call: RoleCall,
): void {
  const def = orLater(run, () => resolveRole(call.role), undefined);
  if (!def) return; // an unknown templated name fails when the task runs
  const vars = roleVarsFor(run, play, host, outer, call);
  try {
    validateRoleVars(def, vars);
  } catch (err) {
    if (!(err instanceof InputError)) return; // e.g. a required variable that does not render yet
    throw new TaskFailure(call.origin, `${call.role} input check on ${host.name}`, err.message, {
      cause: err,
    });
  }
}
