import { Redactor } from '@zuul-ts/registry';
import type { OperationRecord, RoleContext, RoleHost, Vars, ZuulReturnPayload } from './types';

export interface RoleContextOptions {
  roleName: string;
  vars: Vars;
  /**
   * The variables as the role's input schema accepted them (the runner validates first).
   * Default: `vars`, for tests that run a role directly with well-formed variables.
   */
  inputs?: unknown;
  host?: RoleHost;
  playHosts?: string[];
  dryRun?: boolean;
  signal?: AbortSignal;
  /** Receives progress lines (already redacted). Default: stderr. */
  onLog?: (level: 'info' | 'warn', message: string, detail?: Record<string, unknown>) => void;
  /** Receives each operation as it starts (dry-run or real). */
  onOperation?: (op: OperationRecord) => void;
  /** Receives each zuul_return payload. */
  onZuulReturn?: (payload: ZuulReturnPayload) => void;
  /** Receives each secret value the role registers. */
  onSecret?: (value: string) => void;
}

/** A role context plus what the role did: the runner and tests read these. */
export interface RecordingRoleContext<I = Vars> extends RoleContext<I> {
  readonly operations: OperationRecord[];
  readonly returned: ZuulReturnPayload[];
  readonly logs: { level: 'info' | 'warn'; message: string }[];
}

/**
 * The one RoleContext implementation. The playbook runner wires its callbacks into the event
 * stream and the results file; tests use it directly to run a role's `run()`.
 */
export function createRoleContext<I = Vars>(options: RoleContextOptions): RecordingRoleContext<I> {
  const operations: OperationRecord[] = [];
  const returned: ZuulReturnPayload[] = [];
  const logs: { level: 'info' | 'warn'; message: string }[] = [];
  const redactor = new Redactor();
  const log = (level: 'info' | 'warn', message: string, detail?: Record<string, unknown>) => {
    const clean = redactor.redact(message);
    logs.push({ level, message: clean });
    if (options.onLog) options.onLog(level, clean, detail);
    else process.stderr.write(`${level === 'warn' ? 'WARNING: ' : ''}${clean}\n`);
  };
  const dryRun = options.dryRun ?? false;
  return {
    roleName: options.roleName,
    vars: options.vars,
    inputs: (options.inputs ?? options.vars) as I,
    host: options.host ?? { name: 'localhost', vars: {} },
    playHosts: options.playHosts ?? [options.host?.name ?? 'localhost'],
    dryRun,
    signal: options.signal ?? new AbortController().signal,
    log: { info: (m, detail) => log('info', m, detail), warn: (m) => log('warn', m) },
    operations,
    returned,
    logs,
    async operation<T>(op: OperationRecord, run: () => Promise<T>, dryRunValue?: T): Promise<T> {
      operations.push(op);
      options.onOperation?.(op);
      if (dryRun) return dryRunValue as T;
      return run();
    },
    zuulReturn(payload: ZuulReturnPayload) {
      returned.push(payload);
      options.onZuulReturn?.(payload);
    },
    addSecret(value: string) {
      if (!value) return;
      redactor.add(value);
      options.onSecret?.(value);
    },
  };
}
