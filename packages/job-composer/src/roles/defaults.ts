import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Vars } from '@zuul-ts/role-kit';
import { loadYaml11 } from '@zuul-ts/templating';
import { REPOSITORY_ROOT } from '../package-root';

/** The `roles/` folder (role defaults and stubs) shipped with zuul-ts. */
export const DEFAULT_ROLES_DIR = join(REPOSITORY_ROOT, 'roles');

/**
 * The lowest precedence layer: `roles/<name>/defaults/main.yaml` (or `.yml`). A role without a
 * defaults file has no defaults. Cached per path: defaults never change during a run.
 */
const cache = new Map<string, Vars>();

export function roleDefaults(name: string, rolesDir = DEFAULT_ROLES_DIR): Vars {
  for (const file of ['main.yaml', 'main.yml']) {
    const path = join(rolesDir, name, 'defaults', file);
    const hit = cache.get(path);
    if (hit) return hit;
    if (!existsSync(path)) continue;
    const doc = loadYaml11(readFileSync(path, 'utf8'));
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
    const doc = loadYaml11(readFileSync(path, 'utf8'));
    return (doc ?? {}) as Vars;
  }
  return {};
}
