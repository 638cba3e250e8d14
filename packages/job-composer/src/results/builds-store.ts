import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ResultsError, jsonErrorReason } from './errors';
import type { ResultArtifact } from './artifacts';

/** One finished (or running: result null) build, as run-pipeline records it. */
export interface BuildRecord {
  uuid: string;
  job_name: string;
  pipeline: string;
  project: string;
  buildset?: string;
  tenant?: string;
  change?: string | number | null;
  patchset?: string | null;
  branch?: string | null;
  ref?: string | null;
  oldrev?: string | null;
  newrev?: string | null;
  ref_url?: string | null;
  /** SUCCESS, FAILURE, POST_FAILURE, … or null while running. */
  result: string | null;
  /** ISO 8601 times (UTC). */
  start_time?: string | null;
  end_time?: string | null;
  voting?: boolean;
  log_url?: string | null;
  nodeset?: string | null;
  error_detail?: string | null;
  final?: boolean;
  held?: boolean;
  artifacts?: ResultArtifact[];
  provides?: string[];
  event_id?: string | null;
  event_timestamp?: string | null;
}

/** A stored record with its row id (newest = highest). */
export type StoredBuild = BuildRecord & { _id: number };

/** Appends a build to a JSON-lines store (one record per line; the line number is `_id`). */
export function appendBuild(file: string, record: BuildRecord): void {
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, `${JSON.stringify(record)}\n`, { mode: 0o644 });
}

export function readBuilds(file: string): StoredBuild[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n');
  const out: StoredBuild[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let rec: BuildRecord;
    try {
      rec = JSON.parse(line) as BuildRecord;
    } catch (e) {
      throw new ResultsError(
        `${file}:${i + 1}: not a JSON build record: ${jsonErrorReason(e, line)}`,
      );
    }
    out.push({ ...rec, _id: i + 1 });
  });
  return out;
}
