import { optionsHelp, type OptionSpec } from './args';
import type { CliIO } from './output';

/**
 * The command table. Each entry is loaded lazily (so `--version` stays fast); another
 * engineer adds `run-pipeline` and `serve-builds` here with one entry each.
 */
export interface CommandEntry {
  usage: string;
  summary: string;
  load: () => (argv: string[], io: CliIO) => Promise<number>;
  /** The command's options, for `zuul-ts COMMAND --help`. */
  options: () => OptionSpec[];
}

/* eslint-disable @typescript-eslint/no-require-imports */
export const COMMANDS: Record<string, CommandEntry> = {
  'run-job': {
    usage:
      'zuul-ts run-job JOB [--config PATH]... --project-dir DIR [--project NAME] --pipeline P [--change N --patchset N | --tag T | --branch B] [--build UUID] [--secrets FILE] [-e k=v | -e @file]... [--zuul-api URL] [--result-file PATH] [--dry-run] [--json]',
    summary: 'freeze a Zuul job from configuration and run its playbooks',
    load: () => (require('./run-job') as typeof import('./run-job')).runJobCommand,
    options: () => (require('./run-job') as typeof import('./run-job')).OPTIONS,
  },
  'run-playbook': {
    usage:
      'zuul-ts run-playbook [-i INVENTORY] [-e k=v | -e @file | -e @-]... [--dry-run] [--json] PLAYBOOK...',
    summary:
      "run playbooks the way Zuul runs ansible-playbook (Zuul's inventory.yaml, secrets beside it)",
    load: () => (require('./run-playbook') as typeof import('./run-playbook')).runPlaybookCommand,
    options: () => (require('./run-playbook') as typeof import('./run-playbook')).OPTIONS,
  },
  'run-pipeline': {
    usage:
      'zuul-ts run-pipeline PIPELINE --project-dir DIR [--config PATH]... [--site-config PATH]... [--project NAME] [--change N --patchset N | --tag T | --branch B] [--secrets FILE] [--state-dir DIR] [--tenant T] [-e k=v | -e @file]... [--serial] [--dry-run] [--json]',
    summary: "run every job of a project's pipeline in dependency order, recording the builds",
    load: () => (require('./run-pipeline') as typeof import('./run-pipeline')).runPipelineCommand,
    options: () => (require('./run-pipeline') as typeof import('./run-pipeline')).OPTIONS,
  },
  'serve-builds': {
    usage: 'zuul-ts serve-builds [--state-dir DIR] [--port N] [--host H] [--tenant T]',
    summary: "serve run-pipeline's build records as Zuul's builds API",
    load: () => (require('./serve-builds') as typeof import('./serve-builds')).serveBuildsCommand,
    options: () => (require('./serve-builds') as typeof import('./serve-builds')).OPTIONS,
  },
  'ansible-playbook': {
    usage: 'zuul-ts ansible-playbook -v|-vvv PLAYBOOK [-e k=v | -e @file]...',
    summary:
      "stand in for a Zuul executor's ansible-playbook (its argv and env; other playbooks go to real Ansible)",
    load: () =>
      (require('../executor/command') as typeof import('../executor/command'))
        .ansiblePlaybookCommand,
    options: () => (require('../executor/argv') as typeof import('../executor/argv')).OPTIONS,
  },
  role: {
    usage: 'zuul-ts role NAME [-e k=v | -e @file | -e @-]... [--dry-run] [--json]',
    summary: 'run one role with the given variables',
    load: () => (require('./role') as typeof import('./role')).roleCommand,
    options: () => (require('./role') as typeof import('./role')).OPTIONS,
  },
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** `zuul-ts COMMAND --help`: usage, what the command does, and every option. */
export function commandHelp(name: string): string {
  const c = COMMANDS[name];
  const help: OptionSpec = { name: 'help', short: 'h', kind: 'flag', help: 'this text' };
  const options = optionsHelp([...c.options(), help]);
  return `usage: ${c.usage}\n\n${c.summary}\n\noptions:\n${options}\n`;
}

export function usageText(): string {
  const lines = ['usage: zuul-ts COMMAND [options]', '       zuul-ts --version', '', 'commands:'];
  for (const [name, c] of Object.entries(COMMANDS))
    lines.push(`  ${name.padEnd(14)} ${c.summary}`, `      ${c.usage}`);
  lines.push('', 'exit codes: 0 success, 1 job failure, 2 usage or configuration error');
  return `${lines.join('\n')}\n`;
}
