import type { OptionSpec } from './args';

/** Options every run command takes. */
export const COMMON_OPTIONS: OptionSpec[] = [
  { name: 'extra-vars', short: 'e', kind: 'list' },
  { name: 'dry-run', kind: 'flag', aliases: ['check'] },
  { name: 'json', kind: 'flag' },
  { name: 'result-file', kind: 'value' },
];

/** ansible-playbook flags Zuul passes that change nothing here (`-v`…); accepted for drop-in use. */
export const IGNORED_FLAGS = ['-v', '-vv', '-vvv', '-vvvv', '--verbose', '--diff'];
