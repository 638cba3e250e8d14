/**
 * `ZUUL_JOB_FAILURE_OUTPUT`: a JSON list of RE2 patterns (the job's `failure-output`). Like
 * zuul_stream, a line matching one (Python `re.match`: anchored at the start) makes the run
 * report `RESULT failure` early. RE2's `(?P<name>…)` and `(?P=name)` become JavaScript's named
 * groups. Invalid input is reported once and disables the check, as zuul_stream does.
 */
export interface FailurePattern {
  /** As the job wrote it (zuul_stream logs this). */
  pattern: string;
  re: RegExp;
}

export function failureOutputPatterns(
  serialized: string | undefined,
  onError: (message: string) => void,
): FailurePattern[] {
  try {
    const list = JSON.parse(serialized ?? '[]') as unknown;
    if (!Array.isArray(list)) throw new Error('not a list');
    return list.map((src) => ({
      pattern: String(src),
      re: new RegExp(`^(?:${toJsRegex(String(src))})`, 'u'),
    }));
  } catch (err) {
    onError(`Error compiling failure output regexes: ${(err as Error).message}`);
    return [];
  }
}

function toJsRegex(re2: string): string {
  return re2
    .replace(/\(\?P<([A-Za-z_]\w*)>/g, '(?<$1>')
    .replace(/\(\?P=([A-Za-z_]\w*)\)/g, '\\k<$1>');
}
