import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The figures of one case, as docs/reliability.md lists them. */
export interface CaseFigures {
  section: string;
  case: string;
  /** Sub-cases or rounds the case covers. */
  cases?: number;
  faultsInjected?: number;
  jobsCompleted?: number;
  /** Jobs expected to fail (100 % faults, bad input) that failed cleanly. */
  jobsFailedCleanly?: number;
  tagsLost?: number;
  registryWrites?: number;
  secretHits?: number;
  note?: string;
}

/** Where suites write their figures (one JSON file per test file). */
export const RESULTS_DIR = join(__dirname, '..', 'results');

/** Collects the figures of one test file; `write()` in afterAll. */
export class Summary {
  private readonly rows: CaseFigures[] = [];
  constructor(private readonly file: string) {}

  record(row: CaseFigures): void {
    this.rows.push(row);
  }

  write(): void {
    if (!this.rows.length) return;
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(
      join(RESULTS_DIR, `${this.file}.json`),
      JSON.stringify(this.rows, null, 2) + '\n',
    );
  }
}

/** Every recorded row, file by file in name order. */
export function readSummaries(dir = RESULTS_DIR): { file: string; rows: CaseFigures[] }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => ({
      file: f.replace(/\.json$/, ''),
      rows: JSON.parse(readFileSync(join(dir, f), 'utf8')) as CaseFigures[],
    }));
}
