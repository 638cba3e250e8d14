import { RequestKind } from './classify';

/** One proxied request as seen by the proxy. */
export interface ProxyLogEntry {
  n: number;
  method: string;
  path: string;
  kind: RequestKind;
  /** Status the client received (0 when the connection was reset before a status). */
  status: number;
  /** Labels of the faults injected into this request (empty: passed through untouched). */
  faults: string[];
}

export interface ProxyStats {
  /** Every request the proxy received. */
  total: number;
  /** By kind: `{ manifest: 30, blob: 0, … }` (kinds never seen are absent). */
  byKind: Partial<Record<RequestKind, number>>;
  /** By method and kind: `{ 'GET manifest': 15, 'PUT manifest': 15 }`. */
  byMethodKind: Record<string, number>;
  /** Faults injected: total and by label (`500`, `429`, `reset`, `reset-mid-response`, `delay`). */
  faults: { total: number; byLabel: Record<string, number> };
  /** The last requests (at most 100 000), oldest first. */
  log: ProxyLogEntry[];
}

const LOG_LIMIT = 100_000;

/** Request counters; the proxy records each request once it has been answered. */
export class StatsRecorder {
  private s: ProxyStats = StatsRecorder.empty();
  private static empty(): ProxyStats {
    return { total: 0, byKind: {}, byMethodKind: {}, faults: { total: 0, byLabel: {} }, log: [] };
  }

  /** Counts the request when it arrives (so `total` includes requests still in flight). */
  arrived(method: string, kind: RequestKind): void {
    this.s.total++;
    this.s.byKind[kind] = (this.s.byKind[kind] ?? 0) + 1;
    const k = `${method} ${kind}`;
    this.s.byMethodKind[k] = (this.s.byMethodKind[k] ?? 0) + 1;
  }

  injected(labels: string[]): void {
    for (const l of labels) {
      this.s.faults.total++;
      this.s.faults.byLabel[l] = (this.s.faults.byLabel[l] ?? 0) + 1;
    }
  }

  finished(entry: ProxyLogEntry): void {
    this.s.log.push(entry);
    if (this.s.log.length > LOG_LIMIT) this.s.log.shift();
  }

  snapshot(): ProxyStats {
    return structuredClone(this.s);
  }

  reset(): void {
    this.s = StatsRecorder.empty();
  }
}
