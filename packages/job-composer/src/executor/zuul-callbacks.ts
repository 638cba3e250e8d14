import { randomUUID } from 'node:crypto';
import type { EventSink, RunEvent } from '../events';
import type { ConsoleLog } from './console-log';
import type { FailurePattern } from './failure-output';
import { Stats } from './host-stats';
import { pythonUtcIso } from './job-log';
import type { JsonPlaybook } from './output-json';

interface JsonTask {
  task: { name: string; id: string; duration: { start: string; end?: string } };
  hosts: Record<string, Record<string, unknown>>;
}
interface JsonPlay {
  play: { name: string; id: string; duration: { start: string; end?: string } };
  tasks: JsonTask[];
}

export interface CallbackOptions {
  console: ConsoleLog;
  /** `RESULT <x>` lines for the executor (stdout). */
  result: (line: string) => void;
  failureOutput: FailurePattern[];
  /** zuul_execution_* extra vars (job-output.json's playbook header). */
  header: Omit<JsonPlaybook, 'plays' | 'stats'>;
}

/**
 * What Zuul's callbacks do for a playbook, fed from zuul-ts run events: zuul_stream's
 * job-output.txt lines and `RESULT failure` (first non-rescuable failure, or a failure-output
 * match), zuul_json's plays/tasks/hosts structure and the per-host stats. Events arrive
 * redacted.
 */
export class ZuulCallbacks implements EventSink {
  readonly stats = new Stats();
  readonly plays: JsonPlay[] = [];
  private currentTask?: { origin: unknown; json: JsonTask };
  private changed = new Set<string>();
  /** A debug task's message per host (zuul_json keeps it as the result's `msg`). */
  private messages = new Map<string, string>();
  /** The start event's details of each host's running task. */
  private openTasks = new Map<string, Record<string, unknown>>();
  /** Hosts running a role; true when the role is a play's `roles:` entry. */
  private roles = new Map<string, boolean>();
  private sentFailure = false;
  /** Failed task results logged so far. */
  failedTasks = 0;

  constructor(private readonly opts: CallbackOptions) {}

  emit(e: RunEvent): void {
    if (e.kind === 'play' && e.phase === 'start') return this.playStart(e.name);
    if (e.kind === 'task' && e.phase === 'start') return this.taskStart(e);
    if (e.kind === 'task' && e.phase === 'end') return this.taskEnd(e);
    if (e.kind === 'role' && e.host) return this.role(e, e.host);
    if (e.kind === 'operation' && e.phase === 'start' && e.host) {
      this.changed.add(e.host);
      this.streamLine(e.host, `${e.name} ${String(e.detail?.target ?? '')}`.trim());
    }
    if (e.kind === 'log' && e.host) {
      // A role's output is the stub command's output (`host | line`); a debug task's message
      // is logged as is, as zuul_stream does for `debug: msg`.
      const lines = e.name.replace(/\s+$/, '').split('\n');
      const prefix = e.detail?.level === 'warn' ? '[WARNING]: ' : '';
      if (this.roles.has(e.host)) for (const l of lines) this.streamLine(e.host, prefix + l);
      else {
        for (const l of lines) this.opts.console.line(prefix + l);
        if (this.openTasks.has(e.host)) this.messages.set(e.host, e.name);
      }
    }
  }

  /** A play's `roles:` entry has no task of its own: it is logged as its stub task. */
  private role(e: RunEvent, host: string): void {
    if (e.phase === 'start') {
      const synthetic = !this.openTasks.has(host);
      this.roles.set(host, synthetic);
      if (synthetic)
        this.taskStart({
          ...e,
          name: `${e.name} : ${e.name}`,
          detail: {
            action: 'include_role',
            origin: `${String(e.detail?.file)}:${String(e.detail?.line)}`,
          },
        });
    } else if (e.phase === 'end') {
      const synthetic = this.roles.get(host);
      this.roles.delete(host);
      if (synthetic) this.taskEnd({ ...e, detail: { action: 'include_role' } });
    }
  }

  /** Marks hosts unreachable (no task could reach them) like a failed connection. */
  unreachable(host: string, message: string): void {
    this.opts.console.line(`${host} | ERROR`);
    const dump = JSON.stringify({ msg: message, unreachable: true }, null, 2);
    for (const l of dump.split('\n')) this.opts.console.line(`${host} | ${l}`);
    this.stats.add(host, 'unreachable');
    this.sendResult('unreachable');
  }

  /** zuul_stream's PLAY RECAP, and the playbook entry zuul_json appends. */
  finish(): JsonPlaybook {
    const c = this.opts.console;
    c.line('');
    c.line('PLAY RECAP');
    for (const [host, t] of Object.entries(this.stats.summary())) c.line(Stats.recapLine(host, t));
    c.line('');
    return { ...this.opts.header, plays: this.plays, stats: this.stats.summary() };
  }

  private playStart(label: string): void {
    // A play without a name is called by its hosts pattern, as Ansible names it.
    const name = label.startsWith('hosts: ') ? label.slice('hosts: '.length) : label;
    this.opts.console.line('');
    this.opts.console.line(`PLAY [${name}]`);
    this.plays.push({
      play: { name, id: randomUUID(), duration: { start: pythonUtcIso() } },
      tasks: [],
    });
    this.currentTask = undefined;
  }

  private taskStart(e: RunEvent): void {
    if (e.host) {
      this.changed.delete(e.host);
      this.openTasks.set(e.host, e.detail ?? {});
    }
    const origin = e.detail?.origin ?? e.name;
    if (this.currentTask?.origin === origin) return;
    const json: JsonTask = {
      task: { name: e.name, id: randomUUID(), duration: { start: pythonUtcIso() } },
      hosts: {},
    };
    this.plays.at(-1)?.tasks.push(json);
    this.currentTask = { origin, json };
    this.opts.console.line('');
    this.opts.console.line(`TASK [${e.name}]`);
  }

  private taskEnd(e: RunEvent): void {
    const host = e.host ?? 'localhost';
    const detail = { ...this.openTasks.get(host), ...e.detail };
    this.openTasks.delete(host);
    const action = String(detail.action ?? e.name);
    const changed = this.changed.has(host);
    const result: Record<string, unknown> = { action, changed };
    const message = this.messages.get(host);
    this.messages.delete(host);
    if (message !== undefined) result.msg = message;
    const c = this.opts.console;
    if (e.status === 'failed') {
      result.failed = true;
      this.failedTasks++;
      // The task's own message, without the `name (file:line): ` zuul-ts puts before it.
      const prefix = `${e.name} (${String(detail.origin)}): `;
      const error = e.error ?? 'failed';
      result.msg = error.startsWith(prefix) ? error.slice(prefix.length) : error;
      // zuul_stream dumps a failed result as JSON under `host | ERROR`.
      c.line(`${host} | ERROR`);
      for (const l of JSON.stringify({ msg: result.msg }, null, 2).split('\n'))
        c.line(`${host} | ${l}`);
      // A failure inside a block with `rescue` is counted as rescued, as Ansible does.
      this.stats.add(host, detail.rescuable === true ? 'rescued' : 'failures');
      if (!this.sentFailure && detail.rescuable !== true) this.sendFailure();
    } else if (e.status === 'skipped') {
      result.skipped = true;
      result.skip_reason = 'Conditional result was False';
      c.hostLines(host, 'skipping', 'Conditional result was False');
      this.stats.add(host, 'skipped');
    } else {
      // A debug task shows its message only (logged above), as zuul_stream does.
      if (action !== 'debug') c.hostLines(host, changed ? 'changed' : 'ok');
      this.stats.add(host, 'ok');
      if (changed) this.stats.add(host, 'changed');
    }
    const end = pythonUtcIso();
    const task = this.currentTask?.json;
    if (task) {
      task.hosts[host] = result;
      task.task.duration.end = end;
    }
    const play = this.plays.at(-1);
    if (play) play.play.duration.end = end;
  }

  private streamLine(host: string, line: string): void {
    this.opts.console.line(`${host} | ${line}`);
    if (this.sentFailure) return;
    const hit = this.opts.failureOutput.find((p) => p.re.test(line));
    if (hit) {
      this.opts.console.line(`${host} | Early failure in job, matched regex "${hit.pattern}"`);
      this.sendFailure();
    }
  }

  /** The playbook failed: `RESULT failure` unless already sent. */
  failed(): void {
    if (!this.sentFailure) this.sendFailure();
  }

  private sendFailure(): void {
    this.sentFailure = true;
    this.sendResult('failure');
  }

  /**
   * `RESULT x` on stdout; zuul_stream's result logger also propagates to the job log's logger,
   * so job-output.txt gets the bare word too.
   */
  private sendResult(what: string): void {
    this.opts.result(what);
    this.opts.console.raw(what);
  }
}
