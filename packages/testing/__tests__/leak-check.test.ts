import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { leakError, markedProcesses, reapLeftovers, RUN_MARKER } from '../src/leak-check';

jest.setTimeout(120000);

const alive = (pid: number) => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX]/.test(stat);
  } catch {
    return false;
  }
};

const dir = mkdtempSync(join(tmpdir(), 'zuul-ts-leak-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('leak check', () => {
  it('finds a marked process that outlived its starter, kills it and names it', async () => {
    const marker = `test-${process.pid}-a`;
    const child = spawn('sleep', ['600'], {
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, [RUN_MARKER]: marker },
    });
    child.unref();
    const pid = child.pid as number;
    expect(markedProcesses(marker).map((p) => p.pid)).toEqual([pid]);
    const left = await reapLeftovers(marker, 200);
    expect(left.map((p) => p.pid)).toEqual([pid]);
    expect(left[0].command).toBe('sleep 600');
    expect(alive(pid)).toBe(false);
    expect(leakError(left).message).toContain(`pid ${pid}: sleep 600`);
  });

  it('reports nothing when every marked process has ended', async () => {
    expect(await reapLeftovers(`test-${process.pid}-none`, 200)).toEqual([]);
  });

  const root = join(__dirname, '..', '..', '..');
  const runFixture = (leak: boolean) => {
    const pidFile = join(dir, `pid-${leak}`);
    const r = spawnSync(
      process.execPath,
      [
        join(root, 'node_modules', 'jest', 'bin', 'jest.js'),
        '--config',
        join(__dirname, 'leak-fixture', 'jest.config.js'),
        '--runInBand',
      ],
      {
        cwd: root,
        encoding: 'utf8',
        env: { ...process.env, LEAK: leak ? '1' : '0', LEAK_PID_FILE: pidFile, CI: 'true' },
      },
    );
    return {
      status: r.status,
      output: r.stdout + r.stderr,
      pid: Number(readFileSync(pidFile, 'utf8')),
    };
  };

  it('fails a jest run whose test leaves a process behind, and kills it', () => {
    const r = runFixture(true);
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('outlived them (now killed)');
    expect(r.output).toContain(`pid ${r.pid}: sleep 600`);
    expect(alive(r.pid)).toBe(false);
  });

  it('passes a jest run whose test stops what it started', () => {
    const r = runFixture(false);
    expect(r.output).not.toContain('outlived');
    expect(r.status).toBe(0);
    expect(alive(r.pid)).toBe(false);
  });
});
