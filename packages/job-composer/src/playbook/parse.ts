import { readFileSync } from 'node:fs';
import type { Vars } from '@zuul-ts/role-kit';
import { PlaybookError } from './errors';
import type { Origin, Play, Playbook, PlayRole, Task, TaskCommon } from './model';
import {
  ACTION_ARGS,
  BLOCK_KEYS,
  PLAY_KEYS,
  TASK_ACTIONS,
  TASK_KEYWORDS,
  shortActionName,
  supportedList,
} from './subset';
import { loadLocatedYaml, type LocatedYaml } from './yaml';

/** Reads and validates a playbook file. Every error names file, line and the offending key. */
export function loadPlaybook(file: string): Playbook {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new PlaybookError({ file, line: 0 }, `cannot read playbook: ${(err as Error).message}`);
  }
  return parsePlaybook(text, file);
}

export function parsePlaybook(text: string, file: string): Playbook {
  let doc: LocatedYaml;
  try {
    doc = loadLocatedYaml(text, file);
  } catch (err) {
    const mark = (err as { mark?: { line: number } }).mark;
    throw new PlaybookError(
      { file, line: (mark?.line ?? -1) + 1 },
      `invalid YAML: ${(err as Error).message}`,
    );
  }
  const p = new Parser(doc);
  if (!Array.isArray(doc.value))
    throw new PlaybookError({ file, line: 1 }, 'a playbook is a list of plays');
  return { file, plays: doc.value.map((play) => p.play(play)) };
}

class Parser {
  constructor(private readonly doc: LocatedYaml) {}

  private origin(node: unknown, key?: string): Origin {
    const line =
      node && typeof node === 'object'
        ? ((key ? this.doc.keyLine(node, key) : this.doc.lineOf(node)) ?? 0)
        : 0;
    return { file: this.doc.file, line };
  }

  private fail(node: unknown, message: string, key?: string): never {
    throw new PlaybookError(this.origin(node, key), message);
  }

  private mapping(node: unknown, what: string, parent?: unknown): Record<string, unknown> {
    if (!node || typeof node !== 'object' || Array.isArray(node)) {
      this.fail(parent ?? node, `${what} must be a mapping`);
    }
    return node as Record<string, unknown>;
  }

  private checkKeys(node: Record<string, unknown>, allowed: readonly string[], what: string): void {
    for (const key of Object.keys(node)) {
      if (!allowed.includes(key)) {
        this.fail(
          node,
          `unsupported key '${key}' in ${what}; supported: ${supportedList(allowed)}`,
          key,
        );
      }
    }
  }

  private vars(node: unknown, what: string, parent: unknown): Vars {
    if (node === undefined || node === null) return {};
    return this.mapping(node, what, parent) as Vars;
  }

  private conditions(node: unknown): unknown[] | undefined {
    if (node === undefined || node === null) return undefined;
    return Array.isArray(node) ? node : [node];
  }

  play(node: unknown): Play {
    const play = this.mapping(node, 'a play');
    this.checkKeys(play, PLAY_KEYS, 'play');
    if (typeof play.hosts !== 'string' || !play.hosts.trim())
      this.fail(play, "a play needs 'hosts'", 'hosts');
    const varsFiles = play.vars_files === undefined ? [] : play.vars_files;
    if (!Array.isArray(varsFiles)) this.fail(play, 'vars_files must be a list', 'vars_files');
    return {
      origin: this.origin(play),
      name: typeof play.name === 'string' ? play.name : undefined,
      hosts: play.hosts.trim(),
      vars: this.vars(play.vars, 'play vars', play),
      varsFiles,
      roles: this.list(play.roles, play, 'roles').map((r) => this.playRole(r, play)),
      preTasks: this.tasks(play.pre_tasks, play, 'pre_tasks'),
      tasks: this.tasks(play.tasks, play, 'tasks'),
      postTasks: this.tasks(play.post_tasks, play, 'post_tasks'),
    };
  }

  private list(node: unknown, parent: unknown, key: string): unknown[] {
    if (node === undefined || node === null) return [];
    if (!Array.isArray(node)) this.fail(parent, `${key} must be a list`, key);
    return node;
  }

  private playRole(node: unknown, play: unknown): PlayRole {
    if (typeof node === 'string')
      return { origin: this.origin(play, 'roles'), role: node, params: {} };
    const entry = this.mapping(node, 'a roles entry', play);
    const role = entry.role ?? entry.name;
    if (typeof role !== 'string') this.fail(entry, "a roles entry needs 'role'");
    // Extra keys of a roles entry are role params (Ansible); `vars:` is accepted too.
    const params: Vars = { ...this.vars(entry.vars, 'role vars', entry) };
    for (const [k, v] of Object.entries(entry))
      if (!ACTION_ARGS.role_entry.includes(k)) params[k] = v;
    return { origin: this.origin(entry), role, params, when: this.conditions(entry.when) };
  }

  tasks(node: unknown, parent: unknown, key: string): Task[] {
    return this.list(node, parent, key).map((t) => this.task(t));
  }

  private task(node: unknown): Task {
    const task = this.mapping(node, 'a task');
    const isBlock = 'block' in task;
    const allowedKeys = [
      ...TASK_KEYWORDS,
      ...(isBlock ? BLOCK_KEYS : TASK_ACTIONS.filter((a) => a !== 'block')),
    ];
    const actions: string[] = [];
    for (const key of Object.keys(task)) {
      const short = shortActionName(key);
      if ((TASK_KEYWORDS as readonly string[]).includes(key)) continue;
      if (isBlock && (BLOCK_KEYS as readonly string[]).includes(key)) continue;
      if (!isBlock && (TASK_ACTIONS as readonly string[]).includes(short)) {
        actions.push(key);
        continue;
      }
      this.fail(
        task,
        `unsupported key '${key}' in task; supported: ${supportedList(allowedKeys)}`,
        key,
      );
    }
    if (!isBlock && actions.length !== 1) {
      this.fail(
        task,
        actions.length
          ? `a task has one action, got ${actions.join(', ')}`
          : `a task needs an action: ${supportedList(TASK_ACTIONS)}`,
      );
    }
    const common = this.common(task);
    if (isBlock) {
      return {
        ...common,
        action: 'block',
        block: this.tasks(task.block, task, 'block'),
        rescue: this.tasks(task.rescue, task, 'rescue'),
        always: this.tasks(task.always, task, 'always'),
      };
    }
    const key = actions[0];
    const action = shortActionName(key);
    const args = task[key];
    switch (action) {
      case 'include_role':
      case 'import_role': {
        const a = this.args(args, task, key, ACTION_ARGS.include_role);
        if (typeof a.name !== 'string') this.fail(task, `${key} needs 'name'`, key);
        return {
          ...common,
          action: 'include_role',
          role: a.name,
          roleVars: common.vars,
          static: action === 'import_role',
        };
      }
      case 'include_vars': {
        if (typeof args === 'string') return { ...common, action: 'include_vars', file: args };
        const a = this.args(args, task, key, ACTION_ARGS.include_vars);
        if (a.file === undefined) this.fail(task, `${key} needs 'file'`, key);
        return { ...common, action: 'include_vars', file: a.file };
      }
      case 'set_fact':
        return { ...common, action: 'set_fact', facts: this.vars(args, 'set_fact', task) };
      case 'debug': {
        const a = this.args(args ?? {}, task, key, ACTION_ARGS.debug);
        return {
          ...common,
          action: 'debug',
          msg: a.msg,
          var: typeof a.var === 'string' ? a.var : undefined,
        };
      }
      case 'fail': {
        const a = this.args(args ?? {}, task, key, ACTION_ARGS.fail);
        return { ...common, action: 'fail', msg: a.msg };
      }
      case 'assert': {
        const a = this.args(args, task, key, ACTION_ARGS.assert);
        const that = this.conditions(a.that);
        if (!that) this.fail(task, `${key} needs 'that'`, key);
        return {
          ...common,
          action: 'assert',
          that,
          failMsg: a.fail_msg ?? a.msg,
          successMsg: a.success_msg,
        };
      }
      case 'zuul_return':
        return {
          ...common,
          action: 'zuul_return',
          args: this.args(args, task, key, ACTION_ARGS.zuul_return),
        };
      default:
        return this.fail(task, `unsupported action '${key}'`, key);
    }
  }

  private args(
    node: unknown,
    task: unknown,
    key: string,
    allowed: readonly string[],
  ): Record<string, unknown> {
    const args = this.mapping(node, `${key} arguments`, task);
    for (const k of Object.keys(args)) {
      if (!allowed.includes(k))
        this.fail(
          task,
          `unsupported argument '${k}' of ${key}; supported: ${supportedList(allowed)}`,
          k,
        );
    }
    return args;
  }

  private common(task: Record<string, unknown>): TaskCommon {
    if (task.loop !== undefined && task.with_items !== undefined) {
      this.fail(task, 'use either loop or with_items, not both', 'with_items');
    }
    let loopVar = 'item';
    if (task.loop_control !== undefined) {
      const lc = this.args(task.loop_control, task, 'loop_control', ACTION_ARGS.loop_control);
      if (lc.loop_var !== undefined) {
        if (typeof lc.loop_var !== 'string')
          this.fail(task, 'loop_control.loop_var must be a string', 'loop_var');
        loopVar = lc.loop_var;
      }
    }
    return {
      origin: this.origin(task),
      name: typeof task.name === 'string' ? task.name : undefined,
      when: this.conditions(task.when),
      loop: task.loop ?? task.with_items,
      withItems: task.with_items !== undefined,
      loopVar,
      noLog: task.no_log === true || task.no_log === 'true' || task.no_log === 'yes',
      vars: this.vars(task.vars, 'task vars', task),
    };
  }
}
