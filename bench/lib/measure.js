'use strict';
// Timing, child processes with peak RSS, and summary statistics.
const { spawn } = require('node:child_process');
const { clearTimeout } = require('node:timers');
const { existsSync, mkdtempSync, readFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const now = () => Number(process.hrtime.bigint()) / 1e9;

/** Seconds taken by `fn` (and its result). */
async function timed(fn) {
  const t0 = now();
  const result = await fn();
  return { seconds: now() - t0, result };
}

const GNU_TIME = '/usr/bin/time';

/**
 * Runs a whole process, as a user would, and measures its wall time and peak RSS (GNU time's
 * %M, the maximum resident set size of the process). Rejects on a non-zero exit.
 */
// Timed processes still running when the bench exits (Ctrl-C, SIGTERM, a failed scenario)
// are killed with it, with everything they started (each runs in its own process group: GNU
// time, ansible-playbook and its workers), so an interrupted run leaves nothing behind.
const running = new Set();
process.once('exit', () =>
  running.forEach((c) => {
    try {
      process.kill(-c.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }),
);

function runProcess(cmd, args, opts = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'zuul-ts-bench-'));
  const rssFile = join(dir, 'rss');
  const withTime = existsSync(GNU_TIME);
  const [file, argv] = withTime
    ? [GNU_TIME, ['-f', '%M', '-o', rssFile, cmd, ...args]]
    : [cmd, args];
  return new Promise((resolve, reject) => {
    const t0 = now();
    const child = spawn(file, argv, {
      cwd: opts.cwd,
      env: opts.env || process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    running.add(child);
    child.once('exit', () => running.delete(child));
    // A process that never exits (e.g. kept alive by idle keep-alive sockets) fails the
    // scenario instead of hanging the bench.
    const limit = opts.timeoutMs || 15 * 60 * 1000;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      process.kill(-child.pid, 'SIGKILL');
    }, limit);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout = (stdout + d).slice(-64000)));
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-64000)));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      const seconds = now() - t0;
      let peakRssMB;
      if (withTime && existsSync(rssFile)) {
        const kb = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop());
        if (Number.isFinite(kb)) peakRssMB = kb / 1024;
      }
      rmSync(dir, { recursive: true, force: true });
      if (timedOut) {
        const tail = stdout.trim().split('\n').slice(-1)[0];
        return reject(
          new Error(
            `${cmd} ${args[0] || ''} did not exit within ${limit / 1000} s (last output: ${tail})`,
          ),
        );
      }
      if (code !== 0) {
        // `tailLines`: programs that report failures on stdout (ansible-playbook) show more.
        const out = opts.tailLines ? stdout.trim() : stderr.trim() || stdout.trim();
        const tail = out
          .split('\n')
          .slice(-(opts.tailLines || 2))
          .join(' / ');
        return reject(new Error(`${cmd} ${args[0] || ''} exited ${code}: ${tail}`));
      }
      resolve({ seconds, peakRssMB, stdout, stderr });
    });
  });
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** `{median, min, max, n}` of a list of numbers. */
function summarise(xs) {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length };
}

module.exports = { now, timed, runProcess, summarise, median };
