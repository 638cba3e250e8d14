import type { OptionSpec } from './args';

/** Options every run command takes. */
export const COMMON_OPTIONS: OptionSpec[] = [
  {
    name: 'extra-vars',
    short: 'e',
    kind: 'list',
    arg: 'k=v|@FILE|@-|JSON',
    help: 'extra variables, highest precedence: key=value pairs, a YAML/JSON file, stdin, or inline JSON',
  },
  {
    name: 'dry-run',
    kind: 'flag',
    aliases: ['check'],
    help: 'print the engine and registry operations instead of running them',
  },
  { name: 'json', kind: 'flag', help: 'one JSON event per line on stdout instead of text' },
  {
    name: 'result-file',
    kind: 'value',
    arg: 'PATH',
    help: 'the zuul_return results file (default: zuul.executor.result_data_file)',
  },
];

/** ansible-playbook flags Zuul passes that change nothing here (`-v`…); accepted for drop-in use. */
export const IGNORED_FLAGS = ['-v', '-vv', '-vvv', '-vvvv', '--verbose', '--diff'];
