import { loopItems } from './loop-items';
import { dirname } from 'node:path';
import { InputError } from '@zuul-ts/role-kit';
import { resolveRole, validateRoleVars } from '../roles';
import { matchHosts } from '../vars/hosts';
import type { VarScope } from '../vars/scope';
import { TaskFailure } from './errors';
import type { Play, Playbook, Task } from './model';
import { includeRoleCall, roleVarsFor } from './role-run';
import { loadVarsFiles } from './runner';
import { scopeFor } from './scope-for';
import type { HostState, PlayState, RoleCall, RunContext, TaskFrame } from './state';

/**
 * Checks every role a playbook will run against the role's schema (and its `checkInputs`)
 * BEFORE anything runs, so bad input of a late role (the upload in a build-then-upload job) is
 * found before the build (zuul-jobs found it only when that role started). Only what can be
 * computed ahead is checked: `roles:` entries and `include_role` tasks (with their static
 * `when`/`loop`), on every host of the play, with the variables the run will give them. A
 * `set_fact` or `include_vars` may change what later roles see, so checking stops there for
 * that host; `rescue` sections (run only after a failure) and anything that does not render yet
 * are left to run time. Throws a TaskFailure worded like the role's run-time failure, with the
 * role's InputError (naming the variable path) as its cause.
 */
export function prevalidatePlaybook(run: RunContext, playbook: Playbook): void {
  const hosts = new Map<string, HostState>();
  const stopped = new Set<string>();
  for (const play of playbook.plays) {
    const matched = matchHosts(play.hosts, run.inventory);
    const ps: PlayState = {
      file: playbook.file,
      dir: dirname(playbook.file),
      vars: play.vars,
      varsFiles: new Map(),
      active: matched,
      all: matched,
      hosts,
      roleNames: play.roles.map((r) => r.role),
    };
    for (const name of matched) {
      if (stopped.has(name)) continue;
      let host = hosts.get(name);
      if (!host) hosts.set(name, (host = { name, facts: {}, includeVars: {} }));
      if (checkPlay(run, play, ps, host) === STOP) stopped.add(name);
    }
  }
}

const STOP = 'stop';
type Walk = typeof STOP | undefined;

function checkPlay(run: RunContext, play: Play, ps: PlayState, host: HostState): Walk {
  const frame: TaskFrame = { blockVars: [], conditions: [] };
  try {
    ps.varsFiles.set(host.name, loadVarsFiles(run, play, ps, host, frame));
  } catch {
    return STOP; // the run reports it
  }
  if (checkTasks(run, ps, host, play.preTasks, frame) === STOP) return STOP;
  for (const entry of play.roles) {
    const scope = scopeFor(run, ps, host, frame);
    if (entry.when && !passes(scope, entry.when)) continue;
    checkRole(run, ps, host, frame, entry);
  }
  if (checkTasks(run, ps, host, play.tasks, frame) === STOP) return STOP;
  return checkTasks(run, ps, host, play.postTasks, frame);
}

function checkTasks(
  run: RunContext,
  ps: PlayState,
  host: HostState,
  tasks: Task[],
  frame: TaskFrame,
): Walk {
  for (const task of tasks) {
    if (task.action === 'set_fact' || task.action === 'include_vars') return STOP;
    if (task.action === 'block') {
      const inner: TaskFrame = {
        ...frame,
        blockVars: [...frame.blockVars, task.vars],
        conditions: task.when
          ? [...frame.conditions, { when: task.when, where: '' }]
          : frame.conditions,
      };
      if (checkTasks(run, ps, host, task.block, inner) === STOP) return STOP;
      if (checkTasks(run, ps, host, task.always, inner) === STOP) return STOP;
    } else if (task.action === 'include_role') checkInclude(run, ps, host, task, frame);
  }
  return undefined;
}

function checkInclude(
  run: RunContext,
  ps: PlayState,
  host: HostState,
  task: Task & { action: 'include_role' },
  frame: TaskFrame,
): void {
  const base = scopeFor(run, ps, host, frame, task.vars);
  if (!frame.conditions.every((c) => passes(base, c.when))) return;
  let items: unknown[] = [undefined];
  if (task.loop !== undefined) {
    const value = attempt(() => base.render(task.loop, 'loop'));
    if (!Array.isArray(value)) return; // does not render yet, or the run reports the bad loop
    items = loopItems(value, task.withItems === true, 'loop');
  }
  for (const item of items) {
    const loop = task.loop === undefined ? undefined : { [task.loopVar]: item };
    const scope = loop ? scopeFor(run, ps, host, frame, task.vars, loop) : base;
    if (task.when && !passes(scope, task.when)) continue;
    const name = attempt(() => scope.render(task.role, 'include_role name'));
    if (typeof name !== 'string') continue;
    checkRole(run, ps, host, frame, includeRoleCall(task, name, loop));
  }
}

function checkRole(
  run: RunContext,
  ps: PlayState,
  host: HostState,
  outer: TaskFrame,
  call: RoleCall,
): void {
  const def = attempt(() => resolveRole(call.role));
  if (!def) return; // an unknown templated name fails when the task runs
  const vars = roleVarsFor(run, ps, host, outer, call);
  try {
    validateRoleVars(def, vars);
  } catch (err) {
    if (!(err instanceof InputError)) return; // e.g. a required variable that does not render yet
    // Worded like the failure the role would have given at run time (exit 2 via the cause).
    throw new TaskFailure(call.origin, `${call.role} input check on ${host.name}`, err.message, {
      cause: err,
    });
  }
}

/** A condition that cannot be evaluated yet counts as false: the run reports it. */
function passes(scope: VarScope, when: unknown[]): boolean {
  return attempt(() => scope.test(when, 'when')) === true;
}

function attempt<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
