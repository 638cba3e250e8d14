import type { Origin } from './model';

/** A playbook uses something outside the supported subset, or is malformed. Raised before any work. */
export class PlaybookError extends Error {
  constructor(
    readonly origin: Origin,
    message: string,
  ) {
    super(`${origin.file}:${origin.line}: ${message}`);
    this.name = 'PlaybookError';
  }
}

/** A task failed while the playbook ran (`fail`, `assert`, template error, role failure…). */
export class TaskFailure extends Error {
  constructor(
    readonly origin: Origin,
    readonly task: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${task} (${origin.file}:${origin.line}): ${message}`, options);
    this.name = 'TaskFailure';
  }
}

/** Unreadable inventory, extra-vars or secrets file: a configuration error (exit code 2). */
export class ConfigurationError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConfigurationError';
  }
}
