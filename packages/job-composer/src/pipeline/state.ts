import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The local stand-in for Zuul's database: `builds.jsonl` (one build record per line, the
 * builds API's source) and one job dir per build under `builds/<uuid>`.
 */
export interface PipelineState {
  dir: string;
  buildsFile: string;
  jobDir(build: string): string;
}

export function defaultStateDir(): string {
  const base = process.env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(base, 'zuul-ts');
}

export function pipelineState(dir = defaultStateDir()): PipelineState {
  const abs = resolve(dir);
  return {
    dir: abs,
    buildsFile: join(abs, 'builds.jsonl'),
    jobDir: (build) => join(abs, 'builds', build),
  };
}
