import { main } from '../../src/cli/main';
import type { CliIO } from '../../src/cli/output';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `zuul-ts` in-process with captured stdout/stderr and the given stdin. */
export async function cli(argv: string[], stdin = ''): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    stdin: () => stdin,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

export function jsonLines(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
