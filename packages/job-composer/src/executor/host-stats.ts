/** Ansible's per-host counters (AggregateStats.summarize), as in PLAY RECAP and zuul_json. */
export interface HostStats {
  ok: number;
  changed: number;
  unreachable: number;
  failures: number;
  skipped: number;
  rescued: number;
  ignored: number;
}

export class Stats {
  readonly hosts = new Map<string, HostStats>();

  add(host: string, key: keyof HostStats): void {
    let s = this.hosts.get(host);
    if (!s) {
      s = { ok: 0, changed: 0, unreachable: 0, failures: 0, skipped: 0, rescued: 0, ignored: 0 };
      this.hosts.set(host, s);
    }
    s[key]++;
  }

  /** zuul_stream's recap line. */
  static recapLine(host: string, t: HostStats): string {
    return (
      `${host} | ok: ${t.ok} changed: ${t.changed} unreachable: ${t.unreachable}` +
      ` failed: ${t.failures} skipped: ${t.skipped} rescued: ${t.rescued} ignored: ${t.ignored}`
    );
  }

  summary(): Record<string, HostStats> {
    return Object.fromEntries([...this.hosts.keys()].sort().map((h) => [h, this.hosts.get(h)!]));
  }
}
