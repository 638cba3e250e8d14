import { homedir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { InputError } from '@zuul-ts/role-kit';
import type { RoleContext } from '@zuul-ts/role-kit';

/**
 * `buildset_registry_root`; zuul-jobs' default is `{{ ansible_user_dir }}/buildset_registry`
 * (ansible_user_dir falls back to this user's home directory).
 */
export function buildsetRegistryRoot(ctx: RoleContext): string {
  const v = ctx.vars.buildset_registry_root;
  if (v !== undefined && v !== null) {
    if (typeof v !== 'string' || !isAbsolute(v))
      throw new InputError('buildset_registry_root', 'must be an absolute path');
    return v;
  }
  const userDir = ctx.host.vars.ansible_user_dir ?? ctx.vars.ansible_user_dir ?? homedir();
  if (typeof userDir !== 'string' || !isAbsolute(userDir))
    throw new InputError('ansible_user_dir', 'must be an absolute path');
  return join(userDir, 'buildset_registry');
}
