import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PlaybookError } from '../playbook/errors';
import type { Playbook, Task } from '../playbook/model';
import { loadPlaybook } from '../playbook/parse';

/** How `zuul-ts ansible-playbook` handles one playbook. */
export type Decision =
  | { mode: 'zuul-ts'; playbook: Playbook; rolesDir: string }
  | { mode: 'ansible'; reason: string }
  | { mode: 'error'; code: 1 | 4; lines: string[] };

/**
 * Our subset runs here; anything else goes to real Ansible with the same argv and env:
 * content outside the subset, a role we do not implement, or a role of that name in the
 * job's roles path that is an Ansible role rather than a zuul-ts stub. A missing file is
 * Ansible's exit 1, unparseable YAML its exit 4 (AnsibleParserError).
 */
export function decide(file: string, rolesPath: string[]): Decision {
  if (!existsSync(file))
    return { mode: 'error', code: 1, lines: [`ERROR! the playbook: ${file} could not be found`] };
  let playbook: Playbook;
  try {
    playbook = loadPlaybook(file);
  } catch (err) {
    if (!(err instanceof PlaybookError)) throw err;
    if (/: (invalid YAML|a playbook is a list of plays)/.test(err.message))
      return { mode: 'error', code: 4, lines: [`ERROR! ${err.message}`] };
    return { mode: 'ansible', reason: err.message };
  }
  // Loaded only for playbooks of our subset: a playbook handed to Ansible pays for the parse only.
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { preflight } = require('../playbook/runner') as typeof import('../playbook/runner');
  const { DEFAULT_ROLES_DIR } = require('../roles') as typeof import('../roles');
  /* eslint-enable @typescript-eslint/no-require-imports */
  try {
    preflight(playbook);
  } catch (err) {
    return { mode: 'ansible', reason: (err as Error).message };
  }
  let rolesDir: string | undefined;
  for (const role of rolesOf(playbook)) {
    for (const dir of rolesPath) {
      const tasks = ['main.yaml', 'main.yml']
        .map((f) => join(dir, role, 'tasks', f))
        .find((f) => existsSync(f));
      if (!tasks) continue;
      if (!readFileSync(tasks, 'utf8').includes(`zuul-ts role ${role}`))
        return {
          mode: 'ansible',
          reason: `role '${role}' in ${dir} is an Ansible role, not a zuul-ts stub`,
        };
      rolesDir ??= dir;
      break;
    }
  }
  return { mode: 'zuul-ts', playbook, rolesDir: rolesDir ?? DEFAULT_ROLES_DIR };
}

/** Literal role names a playbook names (roles entries and include_role/import_role). */
function rolesOf(playbook: Playbook): Set<string> {
  const names = new Set<string>();
  const walk = (tasks: Task[]) => {
    for (const t of tasks) {
      if (t.action === 'include_role' && !t.role.includes('{{')) names.add(t.role);
      if (t.action === 'block') [t.block, t.rescue, t.always].forEach(walk);
    }
  };
  for (const play of playbook.plays) {
    play.roles.forEach((r) => names.add(r.role));
    [play.preTasks, play.tasks, play.postTasks].forEach(walk);
  }
  return names;
}
