import { readFileSync, readdirSync } from 'node:fs';

/**
 * Samples every process's command line (/proc/<pid>/cmdline) while a run is in progress and
 * reports those that contain a secret. Sampling can miss a process that lives shorter than the
 * interval, so this can only under-report; a hit is always real.
 */
export class CommandLineWatch {
  private timer?: NodeJS.Timeout;
  private readonly seen = new Map<string, string>(); // pid:cmdline -> cmdline
  samples = 0;

  constructor(private readonly secrets: string[]) {}

  start(intervalMs = 5): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.sample();
  }

  /** Distinct command lines seen. */
  get commandLines(): string[] {
    return [...new Set(this.seen.values())];
  }

  /** Command lines containing a secret (the secret itself is not returned). */
  hits(): string[] {
    return this.commandLines.filter((c) => this.secrets.some((s) => c.includes(s)));
  }

  private sample(): void {
    this.samples++;
    for (const pid of readdirSync('/proc')) {
      if (!/^\d+$/.test(pid)) continue;
      let cmd: string;
      try {
        cmd = readFileSync(`/proc/${pid}/cmdline`, 'latin1').replace(/\0/g, ' ').trim();
      } catch {
        continue; // exited meanwhile
      }
      if (cmd) this.seen.set(`${pid}:${cmd}`, cmd);
    }
  }
}
