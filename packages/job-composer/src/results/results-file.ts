import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { isPlainObject } from '../config/yaml-values';
import { ResultsError, jsonErrorReason } from './errors';
import { mergeData } from './merge';
import { resultDataProblems } from './schema';
import { pyJsonDumps } from './py-json';

export interface ResultData {
  data: Record<string, unknown>;
  secret_data: Record<string, unknown>;
}

export interface ZuulReturnArgs {
  data?: Record<string, unknown>;
  secret_data?: Record<string, unknown>;
  /** JSON file whose dict is merged into `data` (before `data`). */
  file?: string;
  /** JSON file whose dict is merged into `secret_data`. */
  secret_file?: string;
}

/** Reads `results.json`: an empty (0-byte, as created at job start) or missing file is no data. */
export function readResults(file: string): ResultData {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { data: {}, secret_data: {} };
    throw new ResultsError(`${file}: cannot read results file: ${(e as Error).message}`);
  }
  if (text.trim() === '') return { data: {}, secret_data: {} };
  const parsed = parseJsonDict(file, text);
  const data = parsed.data ?? {};
  const secret = parsed.secret_data ?? {};
  if (!isPlainObject(data) || !isPlainObject(secret)) {
    throw new ResultsError(`${file}: "data" and "secret_data" must be dictionaries`);
  }
  return { data, secret_data: secret };
}

function parseJsonDict(file: string, text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ResultsError(`${file}: not a JSON file: ${jsonErrorReason(e, text)}`);
  }
  if (!isPlainObject(parsed)) throw new ResultsError(`${file}: expected a JSON dictionary`);
  return parsed;
}

/**
 * The zuul_return action (zuul/ansible/base/action/zuul_return.py): existing file -> `file`
 * -> `secret_file` -> `data` -> `secret_data`, each merged with `merge_data`, then the schema
 * check on both dicts (a violation fails and nothing is written), then an atomic write of
 * `{"data": …, "secret_data": …}` formatted as Python's json.dump. Returns what was written.
 */
export function mergeZuulReturn(resultsFile: string, args: ZuulReturnArgs): ResultData {
  const current = readResults(resultsFile);
  let data = current.data;
  let secretData = current.secret_data;
  if (args.file) data = mergeData(parseJsonDict(args.file, readText(args.file)), data);
  if (args.secret_file)
    secretData = mergeData(parseJsonDict(args.secret_file, readText(args.secret_file)), secretData);
  if (args.data) data = mergeData(args.data, data);
  if (args.secret_data) secretData = mergeData(args.secret_data, secretData);
  const problems = [
    ...resultDataProblems(data, 'data'),
    ...resultDataProblems(secretData, 'secret_data'),
  ];
  if (problems.length > 0)
    throw new ResultsError(`zuul_return: invalid result data: ${problems.join('; ')}`);
  const out: ResultData = { data, secret_data: secretData };
  const tmp = join(dirname(resultsFile), `.${basename(resultsFile)}.${process.pid}.tmp`);
  writeFileSync(tmp, pyJsonDumps(out), { mode: 0o600 });
  renameSync(tmp, resultsFile);
  return out;
}

function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new ResultsError(`${file}: cannot read: ${(e as Error).message}`);
  }
}
