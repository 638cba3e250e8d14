import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { REPOSITORY_ROOT } from '../package-root';
import type { Vars } from '../role-kit';

/** The repository's `roles/` folder (role defaults and stubs); src/roles and dist/roles alike. */
export const DEFAULT_ROLES_DIR = join(REPOSITORY_ROOT, 'roles');

/**
 * Layer 1 of table 2.1: `roles/<name>/defaults/main.yaml` (or `.yml`). A role without a
 * defaults file has no defaults. Cached per path: defaults never change during a run.
 */
const cache = new Map<string, Vars>();

export function roleDefaults(name: string, rolesDir = DEFAULT_ROLES_DIR): Vars {
  for (const file of ['main.yaml', 'main.yml']) {
    const path = join(rolesDir, name, 'defaults', file);
    const hit = cache.get(path);
    if (hit) return hit;
    if (!existsSync(path)) continue;
    const doc = load(readFileSync(path, 'utf8'), { filename: path });
    if (doc !== null && doc !== undefined && (typeof doc !== 'object' || Array.isArray(doc))) {
      throw new Error(`${path}: role defaults must be a mapping`);
    }
    const vars = (doc ?? {}) as Vars;
    cache.set(path, vars);
    return vars;
  }
  return {};
}

/** Same for `roles/<name>/vars/main.yaml` (role vars, layer 10). */
export function roleVarsFile(name: string, rolesDir = DEFAULT_ROLES_DIR): Vars {
  for (const file of ['main.yaml', 'main.yml']) {
    const path = join(rolesDir, name, 'vars', file);
    if (!existsSync(path)) continue;
    const doc = load(readFileSync(path, 'utf8'), { filename: path });
    return (doc ?? {}) as Vars;
  }
  return {};
}
