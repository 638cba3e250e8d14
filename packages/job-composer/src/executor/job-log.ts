import { existsSync, readFileSync } from 'node:fs';

/** Where Zuul's callbacks write: job-output.txt from the logging config, .json beside it. */
export interface JobLogPaths {
  text?: string;
  json?: string;
}

/**
 * `ZUUL_JOB_LOG_CONFIG` is the executor's job logging config (JSON, see zuul/ansible/
 * logconfig.py); `handlers.jobfile.filename` is job-output.txt and zuul_json writes the same
 * name with `.json`. Without the variable (a run outside an executor) nothing is written.
 */
export function jobLogPaths(env: NodeJS.ProcessEnv = process.env): JobLogPaths {
  const file = env.ZUUL_JOB_LOG_CONFIG;
  if (!file || !existsSync(file)) return {};
  const config = JSON.parse(readFileSync(file, 'utf8')) as {
    handlers?: { jobfile?: { filename?: string } };
  };
  const text = config.handlers?.jobfile?.filename;
  if (!text) return {};
  return { text, json: text.replace(/\.[^./]*$/, '') + '.json' };
}

/** Python's `str(datetime.datetime.now())`: `2024-05-01 12:00:00.123456` (local time). */
export function pythonNow(d = new Date()): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ` +
    `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}000`
  );
}

/** Python's `datetime.utcnow().isoformat() + 'Z'` (zuul_json's durations). */
export function pythonUtcIso(d = new Date()): string {
  return `${d.toISOString().slice(0, -1)}000Z`;
}
