import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Entry } from './entries';
import { EXTRA_VARS_YAML, INVENTORY_YAML, playVarsYaml } from './fixture';
import type { Tagged } from './tagged';

/** Writes the shared inventory and extra vars into `dir`. */
export function writeSharedFiles(dir: string): { inventory: string; extraVars: string } {
  mkdirSync(dir, { recursive: true });
  const inventory = join(dir, 'inventory.yaml');
  const extraVars = join(dir, 'extra.yaml');
  writeFileSync(inventory, INVENTORY_YAML);
  writeFileSync(extraVars, EXTRA_VARS_YAML);
  return { inventory, extraVars };
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, cwd: string) {
  return new Promise<{ code: number; output: string }>((resolve, reject) => {
    const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => (output += String(d)));
    child.stderr.on('data', (d) => (output += String(d)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });
}

/**
 * Evaluates every entry with Ansible's own Templar: one `ansible-playbook` run whose only
 * task is the `zts_eval` action plugin (zts_eval.py) reading the entries from a file, so
 * nothing is templated before the plugin sees it.
 */
export async function evaluateWithAnsible(
  dir: string,
  entries: Entry[],
): Promise<Map<string, Tagged>> {
  const { inventory, extraVars } = writeSharedFiles(dir);
  mkdirSync(join(dir, 'action_plugins'), { recursive: true });
  copyFileSync(join(__dirname, 'zts_eval.py'), join(dir, 'action_plugins', 'zts_eval.py'));
  const entriesFile = join(dir, 'entries.json');
  const output = join(dir, 'ansible-results.json');
  writeFileSync(entriesFile, JSON.stringify(entries));
  writeFileSync(
    join(dir, 'ansible.yaml'),
    `- hosts: all\n  gather_facts: false\n  vars:\n${playVarsYaml()}  tasks:\n` +
      `    - zts_eval:\n        entries: ${entriesFile}\n        output: ${output}\n`,
  );
  const env = {
    ...process.env,
    ANSIBLE_NOCOLOR: '1',
    ANSIBLE_HOME: join(dir, 'ansible-home'),
    ANSIBLE_LOCAL_TEMP: join(dir, 'ansible-tmp'),
    ANSIBLE_RETRY_FILES_ENABLED: '0',
    ANSIBLE_DEPRECATION_WARNINGS: '0',
    ANSIBLE_LOCALHOST_WARNING: '0',
  };
  const res = await run(
    'ansible-playbook',
    ['-i', inventory, 'ansible.yaml', '-e', `@${extraVars}`],
    env,
    dir,
  );
  if (res.code !== 0) throw new Error(`ansible-playbook failed (${res.code}):\n${res.output}`);
  const raw = JSON.parse(readFileSync(output, 'utf8')) as Record<string, Tagged>;
  return new Map(Object.entries(raw));
}
