import type { EventSink, RunEvent } from './types';

/** Emits start/end span events with durations; the runner's only way to report progress. */
export class Emitter {
  constructor(private readonly sink: EventSink) {}

  event(e: Omit<RunEvent, 'time'>): void {
    this.sink.emit({ ...e, time: new Date().toISOString() });
  }

  log(
    level: 'info' | 'warn',
    message: string,
    host?: string,
    extra?: Record<string, unknown>,
  ): void {
    this.event({ kind: 'log', phase: 'log', name: message, host, detail: { ...extra, level } });
  }

  /** Runs `fn` inside a span; the end event carries the duration, status and error. */
  async span<T>(
    kind: RunEvent['kind'],
    name: string,
    host: string | undefined,
    fn: () => Promise<T>,
    detail?: Record<string, unknown>,
  ): Promise<T> {
    const started = process.hrtime.bigint();
    this.event({ kind, phase: 'start', name, host, detail });
    const ms = () => Number((process.hrtime.bigint() - started) / 1000000n);
    try {
      const out = await fn();
      const status = out === SKIPPED ? 'skipped' : 'ok';
      this.event({ kind, phase: 'end', name, host, durationMs: ms(), status });
      return out;
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      this.event({ kind, phase: 'end', name, host, durationMs: ms(), status: 'failed', error });
      throw err;
    }
  }
}

/** Returned from a span body to mark it skipped (a `when` was false). */
export const SKIPPED = Symbol('skipped');
