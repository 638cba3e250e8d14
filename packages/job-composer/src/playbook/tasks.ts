import { loadYaml11 } from '@zuul-ts/templating';
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { SKIPPED } from '../events';
import { dropOmitted } from '@zuul-ts/templating';
import type { Vars, ZuulReturnPayload } from '@zuul-ts/role-kit';
import type { VarScope } from '../vars/scope';
import { TaskFailure } from './errors';
import type { Task } from './model';
import { includeRoleCall, runRoleOnHost } from './role-run';
import { loopItems } from './loop-items';
import { CheckStop, orLater } from './check';
import { scopeFor } from './scope-for';
import type { HostState, PlayState, RunContext, TaskFrame } from './state';

function taskLabel(task: Task): string {
  return task.name ?? (task.action === 'include_role' ? `include_role ${task.role}` : task.action);
}

/** Runs a task list on one host, in order; the first failure stops the list (Ansible). */
export async function runTasks(
  run: RunContext,
  play: PlayState,
  host: HostState,
  tasks: Task[],
  frame: TaskFrame,
): Promise<void> {
  for (const task of tasks) {
    if (run.signal.aborted)
      throw run.signal.reason instanceof Error ? run.signal.reason : new Error('aborted');
    await runTask(run, play, host, task, frame);
  }
}

async function runTask(
  run: RunContext,
  play: PlayState,
  host: HostState,
  task: Task,
  frame: TaskFrame,
): Promise<void> {
  const label = taskLabel(task);
  const where = `${label} (${task.origin.file}:${task.origin.line})`;
  const fail = (message: string, cause?: unknown): never => {
    throw new TaskFailure(task.origin, label, message, { cause });
  };
  if (task.action === 'block') return runBlock(run, play, host, task, frame);
  if (run.check) {
    await walkTask(run, play, host, task, frame, where);
    return;
  }
  const span = (fn: () => Promise<unknown>) =>
    run.emitter.span('task', label, host.name, fn, taskDetail(task, frame));
  await span(async () => {
    try {
      return await walkTask(run, play, host, task, frame, where);
    } catch (err) {
      // no_log: true censors the failure detail, as Ansible does — also of `fail`/`assert`
      // messages and failing roles (a TaskFailure would otherwise carry the rendered
      // variables), and without the original as `cause`.
      if (task.noLog)
        return fail('the output has been hidden due to the fact that no_log: true was specified');
      if (err instanceof TaskFailure) throw err;
      return fail((err as Error).message, err);
    }
  });
}

/**
 * A task's conditions and loop, then its action per item. In check mode only `include_role`
 * is followed (its role is checked, not run); a `set_fact` or `include_vars` stops the check
 * for the host, since later variables depend on it; other actions do nothing.
 */
async function walkTask(
  run: RunContext,
  play: PlayState,
  host: HostState,
  task: Task,
  frame: TaskFrame,
  where: string,
): Promise<typeof SKIPPED | undefined> {
  if (run.check && (task.action === 'set_fact' || task.action === 'include_vars'))
    throw new CheckStop();
  if (run.check && task.action !== 'include_role') return undefined;
  const test = (scope: VarScope, when: unknown[], at: string) =>
    orLater(run, () => scope.test(when, at), false);
  // Inherited block conditions are evaluated per task (Ansible copies a block's `when`).
  const base = scopeFor(run, play, host, frame, task.vars);
  for (const c of frame.conditions) if (!test(base, c.when, c.where)) return SKIPPED;
  const items =
    task.loop === undefined
      ? undefined
      : orLater(
          run,
          () =>
            loopItems(base.render(task.loop, `loop of ${where}`), task.withItems === true, where),
          [],
        );
  if (items === undefined) {
    if (task.when && !test(base, task.when, `when of ${where}`)) return SKIPPED;
    await act(run, play, host, task, frame, base, undefined);
    return undefined;
  }
  let ran = false;
  for (const item of items) {
    const loop = { [task.loopVar]: item };
    const scope = scopeFor(run, play, host, frame, task.vars, loop);
    if (task.when && !test(scope, task.when, `when of ${where}`)) continue;
    ran = true;
    await act(run, play, host, task, frame, scope, loop);
  }
  return ran ? undefined : SKIPPED;
}

/** Where the task is and whether a failure may still be rescued (Zuul's console log). */
function taskDetail(task: Task, frame: TaskFrame): Record<string, unknown> {
  return {
    action: task.action,
    origin: `${task.origin.file}:${task.origin.line}`,
    rescuable: frame.rescuable === true,
  };
}

async function runBlock(
  run: RunContext,
  play: PlayState,
  host: HostState,
  task: Task & { action: 'block' },
  frame: TaskFrame,
): Promise<void> {
  const where = `${taskLabel(task)} (${task.origin.file}:${task.origin.line})`;
  const inner: TaskFrame = {
    ...frame,
    rescuable: frame.rescuable === true || task.rescue.length > 0,
    blockVars: [...frame.blockVars, task.vars],
    conditions: task.when
      ? [...frame.conditions, { when: task.when, where: `when of ${where}` }]
      : frame.conditions,
  };
  let failure: unknown;
  try {
    await runTasks(run, play, host, task.block, inner);
  } catch (err) {
    if (run.check) throw err; // a check stop: neither rescue nor always can be known ahead
    failure = err;
    if (task.rescue.length) {
      failure = undefined;
      try {
        await runTasks(run, play, host, task.rescue, inner);
      } catch (rescueErr) {
        failure = rescueErr;
      }
    }
  }
  // `always` runs whatever happened above; its own failure wins.
  if (task.always.length) await runTasks(run, play, host, task.always, inner);
  if (failure) throw failure;
}

/** The set_fact action's conversion: the strings true/false/yes/no (any case) become booleans. */
function setFactValue(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const lower = value.toLowerCase();
  if (lower === 'true' || lower === 'yes') return true;
  if (lower === 'false' || lower === 'no') return false;
  return value;
}

/** Performs the task's action once (per loop item). */
async function act(
  run: RunContext,
  play: PlayState,
  host: HostState,
  task: Task,
  frame: TaskFrame,
  scope: VarScope,
  loop: Vars | undefined,
): Promise<void> {
  const where = `${taskLabel(task)} (${task.origin.file}:${task.origin.line})`;
  switch (task.action) {
    case 'include_role': {
      const render = () => String(scope.render(task.role, `include_role name of ${where}`));
      const name = orLater(run, render, undefined);
      if (name === undefined) return undefined;
      return runRoleOnHost(run, play, host, frame, includeRoleCall(task, name, loop));
    }
    case 'include_vars': {
      const file = String(scope.render(task.file, `include_vars file of ${where}`));
      const path = isAbsolute(file) ? file : resolveVarsFile(play.dir, file);
      const doc = loadYaml11(readFileSync(path, 'utf8'));
      if (doc !== null && doc !== undefined && (typeof doc !== 'object' || Array.isArray(doc))) {
        throw new Error(`include_vars ${path}: the file must hold a mapping`);
      }
      Object.assign(host.includeVars, doc ?? {});
      return;
    }
    case 'set_fact': {
      // set_fact renders now: the fact holds the value, not the template.
      for (const [k, v] of Object.entries(task.facts)) {
        if (k === 'zuul') continue; // 2.2: zuul comes from extra vars; set_fact cannot change it
        const value = setFactValue(scope.render(v, `set_fact ${k} of ${where}`));
        if (task.noLog) run.redactor.add(value);
        host.facts[k] = value;
      }
      return;
    }
    case 'debug': {
      if (task.noLog) return;
      const msg =
        task.var !== undefined
          ? { [task.var]: scope.get(task.var) }
          : scope.render(task.msg ?? 'Hello world!', `debug msg of ${where}`);
      run.emitter.log('info', typeof msg === 'string' ? msg : JSON.stringify(msg), host.name);
      return;
    }
    case 'fail':
      throw new TaskFailure(
        task.origin,
        taskLabel(task),
        String(scope.render(task.msg ?? 'Failed as requested from task', `fail msg of ${where}`)),
      );
    case 'assert': {
      for (const cond of task.that) {
        if (!scope.test(cond, `assert of ${where}`)) {
          const msg =
            task.failMsg !== undefined
              ? String(scope.render(task.failMsg, `fail_msg of ${where}`))
              : `Assertion failed: ${String(cond)}`;
          throw new TaskFailure(task.origin, taskLabel(task), msg);
        }
      }
      return;
    }
    case 'zuul_return': {
      // Zuul's action plugin order (5.2): file, secret_file, data, secret_data — merged by
      // the results module; secret values are registered with the redactor first.
      const args = dropOmitted(scope.render(task.args, `zuul_return of ${where}`)) as Vars;
      const payload: ZuulReturnPayload & { file?: string; secret_file?: string } = {};
      if (args.data !== undefined) payload.data = args.data as Vars;
      if (args.secret_data !== undefined) payload.secret_data = args.secret_data as Vars;
      if (args.file !== undefined) payload.file = String(args.file);
      if (args.secret_file !== undefined) {
        payload.secret_file = String(args.secret_file);
        run.redactor.addSecretTree(
          JSON.parse(readFileSync(payload.secret_file, 'utf8')) as unknown,
        );
      }
      run.redactor.addSecretTree(payload.secret_data);
      return run.zuulReturn(payload, args.path === undefined ? undefined : String(args.path));
    }
  }
}

/** Ansible looks in `<playbook dir>/vars/` first, then the playbook dir. */
function resolveVarsFile(dir: string, file: string): string {
  for (const candidate of [join(dir, 'vars', file), join(dir, file)]) {
    try {
      readFileSync(candidate);
      return candidate;
    } catch {
      // next candidate
    }
  }
  return join(dir, file);
}
