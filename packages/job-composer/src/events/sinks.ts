import type { Redactor } from '@zuul-ts/registry/redactor';
import type { EventSink, RunEvent } from './types';

type Write = (line: string) => void;

/** `--json`: one JSON event per line on stdout, redacted. */
export function jsonSink(
  redactor: Redactor,
  write: Write = (l) => process.stdout.write(l),
): EventSink {
  return { emit: (event) => write(`${JSON.stringify(redactor.redactValue(event))}\n`) };
}

/** Without `--json`: concise human progress on stderr, redacted. */
export function humanSink(
  redactor: Redactor,
  write: Write = (l) => process.stderr.write(l),
): EventSink {
  return {
    emit(event: RunEvent) {
      const line = humanLine(event);
      if (line !== undefined) write(`${redactor.redact(line)}\n`);
    },
  };
}

/** Collects events in memory (library callers and tests). */
export function memorySink(events: RunEvent[] = []): EventSink & { events: RunEvent[] } {
  return { events, emit: (e) => events.push(e) };
}

/** Fans one event out to several sinks. */
export function teeSink(...sinks: (EventSink | undefined)[]): EventSink {
  const live = sinks.filter((s): s is EventSink => s !== undefined);
  return { emit: (e) => live.forEach((s) => s.emit(e)) };
}

function humanLine(e: RunEvent): string | undefined {
  const host = e.host ? ` [${e.host}]` : '';
  const took = e.durationMs !== undefined ? ` (${(e.durationMs / 1000).toFixed(1)}s)` : '';
  switch (e.kind) {
    case 'log':
      return `${e.detail?.level === 'warn' ? 'WARNING: ' : ''}${e.name}`;
    case 'operation':
      if (e.phase === 'plan') return `PLAN ${e.name} ${String(e.detail?.target ?? '')}`;
      return e.phase === 'start'
        ? `  ${e.name} ${String(e.detail?.target ?? '')}${host}`
        : undefined;
    case 'task':
      if (e.phase === 'end' && e.status === 'failed')
        return `  FAILED${host}: ${e.error ?? e.name}`;
      return undefined;
    default:
      if (e.phase === 'start') return `${e.kind.toUpperCase()} START: ${e.name}${host}`;
      if (e.phase === 'end') {
        const status = (e.status ?? 'ok').toUpperCase();
        // The error is printed once, where it happened (task/role); outer spans say FAILED only.
        const error = e.error && e.kind === 'role' ? `: ${e.error}` : '';
        return `${e.kind.toUpperCase()} END ${status}: ${e.name}${host}${took}${error}`;
      }
      return undefined;
  }
}
