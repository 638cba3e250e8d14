import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const attached = new Set<ChildProcess>();
// Attached registries die with the process that started them (tests); detached ones do not.
process.once('exit', () => attached.forEach((c) => c.kill('SIGKILL')));

export interface RegistryProcess {
  pid: number;
  /** A description of how it ended, or undefined while it runs. */
  exited(): string | undefined;
  /** SIGKILL and wait for the exit. */
  kill(): Promise<void>;
}

/** `docker-registry serve <config>` bound to this process (output kept in memory). */
export function spawnAttached(configPath: string, binary = 'docker-registry'): RegistryProcess {
  let out = '';
  const c = spawn(binary, ['serve', configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  c.stdout?.on('data', (d) => (out = (out + d).slice(-4000)));
  c.stderr?.on('data', (d) => (out = (out + d).slice(-4000)));
  attached.add(c);
  c.once('exit', () => attached.delete(c));
  let spawnError: Error | undefined;
  c.once('error', (e) => (spawnError = e));
  return {
    pid: c.pid ?? -1,
    exited: () =>
      spawnError
        ? `cannot run ${binary}: ${spawnError.message} (is docker-registry installed?)`
        : c.exitCode !== null || c.signalCode !== null
          ? `${c.exitCode ?? c.signalCode}: ${out}`
          : undefined,
    kill: () =>
      new Promise<void>((resolve) => {
        // Never started (spawn error): there is no exit to wait for.
        if (c.pid === undefined || c.exitCode !== null || c.signalCode !== null) return resolve();
        c.once('exit', () => resolve());
        c.kill('SIGKILL');
      }),
  };
}

/** True when `pid` is a live (not zombie) process whose command line mentions `needle`. */
export function isRegistryProcess(pid: number, needle: string): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 3 (after the parenthesised command) is the state; Z = zombie, X = dead.
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (state === 'Z' || state === 'X') return false;
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    // `serve <config>`: the folder's own config file identifies the process (any binary name).
    return cmdline.includes('serve') && cmdline.includes(needle);
  } catch {
    return false;
  }
}

/**
 * `docker-registry serve <config>` in its own session, output to `logPath`, pid written to
 * `pidPath`: it outlives the (CLI) process that started it, like zuul-jobs' `docker run -d`.
 */
export function spawnDetached(
  configPath: string,
  logPath: string,
  pidPath: string,
  binary = 'docker-registry',
): RegistryProcess {
  const log = openSync(logPath, 'a', 0o600);
  const c = spawn(binary, ['serve', configPath], {
    detached: true,
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  // Without a listener a failed spawn (docker-registry not installed) would crash the process.
  let spawnError: Error | undefined;
  c.once('error', (e) => (spawnError = e));
  c.unref();
  const pid = c.pid ?? -1;
  if (pid > 0) writeFileSync(pidPath, `${pid}\n`, { mode: 0o600 });
  const logTail = () => (existsSync(logPath) ? readFileSync(logPath, 'utf8').slice(-4000) : '');
  return {
    pid,
    exited: () =>
      // No pid: the spawn failed (its 'error' event may not have arrived yet).
      pid < 0 || spawnError
        ? `cannot run ${binary}: ${spawnError?.message ?? 'spawn ENOENT'} (is docker-registry installed?)`
        : isRegistryProcess(pid, configPath)
          ? undefined
          : logTail() || 'not running',
    kill: async () => {
      await terminate(pid, configPath, 'SIGKILL');
      rmSync(pidPath, { force: true });
    },
  };
}

/** Sends `signal` to a registry process and waits (up to 30 s, then SIGKILL) for it to end. */
export async function terminate(
  pid: number,
  needle: string,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<boolean> {
  if (!isRegistryProcess(pid, needle)) return false;
  process.kill(pid, signal);
  const deadline = Date.now() + 30000;
  while (isRegistryProcess(pid, needle)) {
    if (Date.now() > deadline) process.kill(pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}
