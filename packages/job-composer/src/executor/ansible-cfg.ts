import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** The settings of the ansible.cfg Zuul writes per playbook (writeAnsibleConfig) we use. */
export interface AnsibleCfg {
  path?: string;
  inventory?: string;
  rolesPath: string[];
  factCache?: string;
  /** `display_args_to_stdout = False` on playbooks with secrets. */
  displayArgs: boolean;
  /** SSH connection timeout in seconds (`timeout`, Ansible's default 10). */
  timeout: number;
}

/**
 * Reads `[defaults]` of `$ANSIBLE_CONFIG` (else ./ansible.cfg), as ansible-core does:
 * `key = value` lines, `#`/`;` comments, relative paths against the file's directory.
 */
export function readAnsibleCfg(env: NodeJS.ProcessEnv = process.env): AnsibleCfg {
  const path = env.ANSIBLE_CONFIG ?? (existsSync('ansible.cfg') ? 'ansible.cfg' : undefined);
  const out: AnsibleCfg = { rolesPath: [], displayArgs: true, timeout: 10 };
  if (!path || !existsSync(path)) return out;
  out.path = resolve(path);
  const base = dirname(out.path);
  const values = defaultsSection(readFileSync(path, 'utf8'));
  if (values.inventory) out.inventory = resolve(base, values.inventory);
  if (values.roles_path)
    out.rolesPath = values.roles_path
      .split(':')
      .filter(Boolean)
      .map((p) => resolve(base, p));
  if (values.fact_caching_connection) out.factCache = resolve(base, values.fact_caching_connection);
  if (values.timeout && Number(values.timeout) > 0) out.timeout = Number(values.timeout);
  out.displayArgs = (values.display_args_to_stdout ?? 'True').toLowerCase() !== 'false';
  return out;
}

function defaultsSection(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  let section = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = header[1];
      continue;
    }
    const kv = /^([A-Za-z_]+)\s*=\s*(.*)$/.exec(line);
    if (section === 'defaults' && kv) values[kv[1]] = kv[2];
  }
  return values;
}
