import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Redactor } from '../events';
import { runPlaybook } from '../playbook/run-api';
import { parseArgs } from './args';
import { COMMON_OPTIONS, IGNORED_FLAGS } from './common';
import { UsageError } from './errors';
import { parseExtraVars } from './extra-vars';
import type { CliIO } from './output';
import { runAndReport } from './report';

/**
 * Drop-in for Zuul's `ansible-playbook` call (section 4.4). Without `-i`, the inventory comes
 * from the ansible.cfg Zuul writes per playbook (`$ANSIBLE_CONFIG` or ./ansible.cfg).
 */
export async function runPlaybookCommand(argv: string[], io: CliIO): Promise<number> {
  const args = parseArgs(
    argv,
    [...COMMON_OPTIONS, { name: 'inventory', short: 'i', kind: 'value' }],
    IGNORED_FLAGS,
  );
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
