/** One line of `--json` output. Every event is redacted before it is written. */
export type EventKind = 'playbook' | 'play' | 'role' | 'task' | 'operation' | 'log' | 'job';

export interface RunEvent {
  /** What started, ended or happened. */
  kind: EventKind;
  /** `start` / `end` for spans; `log` for log lines; `plan` for dry-run operations. */
  phase: 'start' | 'end' | 'log' | 'plan';
  /** Playbook path, play name, role name, task name or operation kind. */
  name: string;
  /** ISO timestamp of the event. */
  time: string;
  /** Inventory host the span runs for (roles, tasks, operations). */
  host?: string;
  /** On `end`: how long the span took. */
  durationMs?: number;
  /** On `end`: `ok`, `failed`, `skipped`. */
  status?: 'ok' | 'failed' | 'skipped';
  /** Error message on failure (redacted). */
  error?: string;
  /** Extra, secret-free details: operation target/detail, log level, role outcome… */
  detail?: Record<string, unknown>;
}

export interface EventSink {
  emit(event: RunEvent): void;
}
