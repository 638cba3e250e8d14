import { parseArgs, type OptionSpec } from '../cli/args';
import { UsageError } from '../cli/errors';

/** The command line Zuul's executor gives `ansible-playbook` (AnsibleJob.runAnsiblePlaybook). */
export interface ExecutorArgv {
  /** 1 for `-v`, 3 for `-vvv`. */
  verbosity: number;
  playbook: string;
  /** Every `-e` value in order: `k=v`, `@FILE` (from both `-e@FILE` and `-e @FILE`). */
  extraVars: string[];
}

/** The options the executor passes (`-v`/`-vvv` are counted before parsing). */
export const OPTIONS: OptionSpec[] = [
  {
    name: 'extra-vars',
    short: 'e',
    kind: 'list',
    arg: 'k=v|@FILE',
    help: 'extra variables, in the order the executor gives them (k=v pairs or @FILE)',
  },
  {
    name: 'inventory',
    short: 'i',
    kind: 'value',
    arg: 'PATH',
    help: "refused: under Zuul the inventory comes from ANSIBLE_CONFIG's ansible.cfg",
  },
];

/**
 * Parses `-v|-vvv PLAYBOOK -e k=v ... -e@FILE -e @FILE`. The executor passes no `-i`: the
 * inventory comes from ansible.cfg. Anything else is a usage error, reported like Ansible
 * (`ERROR!`, exit 1) by the caller.
 */
export function parseExecutorArgv(argv: string[]): ExecutorArgv {
  let verbosity = 0;
  const rest: string[] = [];
  for (const arg of argv) {
    if (/^-v+$/.test(arg)) verbosity += arg.length - 1;
    else rest.push(arg);
  }
  const args = parseArgs(rest, OPTIONS);
  if (args.positionals.length !== 1)
    throw new UsageError(`expected one playbook, got ${args.positionals.length}`);
  if (args.values.inventory !== undefined)
    throw new UsageError('-i is not used by the executor; the inventory comes from ansible.cfg');
  return { verbosity, playbook: args.positionals[0], extraVars: args.lists['extra-vars'] };
}
