/**
 * Leak check for a whole jest run: the global setup puts a marker unique to the run into the
 * environment, every process a test starts inherits it (and so do the processes those start,
 * detached or not), and the global teardown fails the run when a marked process is still
 * alive, after killing it. Jest's own processes (the runner and its workers) carry the marker
 * too and are left alone.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';

/** The environment variable that marks every process a test run starts. */
export const RUN_MARKER = 'ZUUL_TS_TEST_RUN';

export interface MarkedProcess {
  pid: number;
  /** The command line, NUL separators as spaces. */
  command: string;
}

/** A fresh marker value, set in this process's environment so children inherit it. */
export function markRun(env: NodeJS.ProcessEnv = process.env): string {
  const id = `${process.pid}-${randomBytes(6).toString('hex')}`;
  env[RUN_MARKER] = id;
  return id;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

/** True for a live process (not a zombie, whose environment can no longer be read anyway). */
function alive(pid: number): boolean {
  const stat = read(`/proc/${pid}/stat`);
  if (stat === undefined) return false;
  const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  return state !== 'Z' && state !== 'X';
}

/** Jest's own processes: the runner itself and its worker children. */
function isJestProcess(pid: number, command: string): boolean {
  return pid === process.pid || command.includes('jest-worker');
}

/** Live processes other than jest's own whose environment carries `marker`. */
export function markedProcesses(marker: string): MarkedProcess[] {
  const entry = `${RUN_MARKER}=${marker}`;
  const found: MarkedProcess[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    const environ = read(`/proc/${pid}/environ`);
    if (environ === undefined || !environ.split('\0').includes(entry)) continue;
    const command = (read(`/proc/${pid}/cmdline`) ?? '').split('\0').join(' ').trim();
    if (isJestProcess(pid, command) || !alive(pid)) continue;
    found.push({ pid, command });
  }
  return found;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits up to `graceMs` for marked processes to end by themselves, then SIGKILLs the rest and
 * waits for them to go. Returns what was left over (empty when nothing leaked).
 */
export async function reapLeftovers(marker: string, graceMs = 3000): Promise<MarkedProcess[]> {
  const deadline = Date.now() + graceMs;
  let left = markedProcesses(marker);
  while (left.length > 0 && Date.now() < deadline) {
    await sleep(100);
    left = markedProcesses(marker);
  }
  for (const p of left) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // ended in between
    }
  }
  const killDeadline = Date.now() + 10000;
  while (left.some((p) => alive(p.pid)) && Date.now() < killDeadline) await sleep(50);
  return left;
}

/** The error that fails the run, naming every process that outlived it. */
export function leakError(left: MarkedProcess[]): Error {
  const lines = left.map((p) => `  pid ${p.pid}: ${p.command.slice(0, 300)}`);
  return new Error(
    `${left.length} process(es) started by the tests outlived them (now killed):\n${lines.join('\n')}`,
  );
}
