/** One configuration problem, located like Zuul's ZuulMark (`file`, 1-based `line`). */
export interface ConfigProblem {
  file: string;
  line: number;
  message: string;
}

/** Malformed configuration: every problem found, each as `file:line: message`. */
export class ConfigError extends Error {
  readonly problems: ConfigProblem[];
  constructor(problems: ConfigProblem[]) {
    super(problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n'));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

/** Thrown by the stanza parsers; collected into a ConfigError by the loader. */
export class StanzaError extends Error {
  constructor(
    message: string,
    readonly path: (string | number)[] = [],
  ) {
    super(message);
    this.name = 'StanzaError';
  }
}
