/**
 * A mapping whose values are produced on access and never rendered or copied as a whole —
 * Ansible's HostVars (`hostvars[host].x` renders only `x`, in that host's context; other hosts'
 * broken vars do not make `hostvars` undefined). Build one per use:
 * `new LazyMapping(() => hostNames, (host) => new LazyMapping(() => scope.names(), (n) => scope.get(n)))`.
 */
export class LazyMapping {
  constructor(
    private readonly listKeys: () => string[],
    private readonly getValue: (key: string) => unknown,
  ) {}

  keys(): string[] {
    return this.listKeys();
  }

  has(key: string): boolean {
    return this.listKeys().includes(key);
  }

  get(key: string): unknown {
    return this.getValue(key);
  }

  /** Every entry rendered (for `{{ hostvars }}` or `| dict2items`). */
  toDict(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const k of this.listKeys()) {
      const v = this.getValue(k);
      out[k] = v instanceof LazyMapping ? v.toDict() : v;
    }
    return out;
  }
}
