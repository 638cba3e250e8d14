import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Redactor } from '../events';
import { runPlaybook } from '../playbook/run-api';
import { parseArgs, type OptionSpec } from './args';
import { COMMON_OPTIONS, IGNORED_FLAGS } from './common';
import { UsageError } from './errors';
import { parseExtraVars } from './extra-vars';
import type { CliIO } from './output';
import { runAndReport } from './report';

export const OPTIONS: OptionSpec[] = [
  ...COMMON_OPTIONS,
  {
    name: 'inventory',
    short: 'i',
    kind: 'value',
    arg: 'INVENTORY',
    help: "Zuul's inventory.yaml (default: `inventory =` of $ANSIBLE_CONFIG or ./ansible.cfg)",
  },
];

/**
 * Drop-in for Zuul's `ansible-playbook` call. Without `-i`, the inventory comes
 * from the ansible.cfg Zuul writes per playbook (`$ANSIBLE_CONFIG` or ./ansible.cfg).
 */
export async function runPlaybookCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(argv, OPTIONS, IGNORED_FLAGS);
  const json = args.flags.json === true;
  const redactor = new Redactor();
  if (!args.positionals.length) throw new UsageError('no playbook given');
  const inventory = args.values.inventory ?? inventoryFromAnsibleCfg();
  const extraVars = parseExtraVars(args.lists['extra-vars'], io.stdin);
  const flags = { json, dryRun: args.flags['dry-run'] === true };
  return runAndReport(flags, redactor, io, (sink) =>
    runPlaybook({
      playbooks: args.positionals.map((p) => resolve(p)),
      inventory,
      extraVars,
      dryRun: flags.dryRun,
      sink,
      redactor,
      signal: io.signal,
      resultFile: args.values['result-file'],
    }),
  );
}

function inventoryFromAnsibleCfg(): string | undefined {
  const cfg = process.env.ANSIBLE_CONFIG ?? (existsSync('ansible.cfg') ? 'ansible.cfg' : undefined);
  if (!cfg || !existsSync(cfg)) return undefined;
  const m = /^\s*inventory\s*=\s*(.+?)\s*$/m.exec(readFileSync(cfg, 'utf8'));
  return m ? resolve(dirname(cfg), m[1]) : undefined;
}
