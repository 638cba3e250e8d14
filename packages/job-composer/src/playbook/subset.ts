/** The Ansible subset zuul-ts runs; anything else is refused before any work. */
export const PLAY_KEYS = [
  'hosts',
  'name',
  'vars',
  'vars_files',
  'roles',
  'pre_tasks',
  'tasks',
  'post_tasks',
  // Accepted and ignored: zuul-ts gathers no facts (Zuul's localhost facts are date_time only).
  'gather_facts',
] as const;

export const TASK_KEYWORDS = [
  'name',
  'when',
  'loop',
  'with_items',
  'loop_control',
  'no_log',
  'vars',
] as const;

/** Module/action names, with the `ansible.builtin.` (FQCN) spelling accepted too. */
export const TASK_ACTIONS = [
  'include_role',
  'import_role',
  'include_vars',
  'set_fact',
  'debug',
  'fail',
  'assert',
  'zuul_return',
  'block',
] as const;

export const BLOCK_KEYS = ['block', 'rescue', 'always'] as const;

export const ACTION_ARGS: Record<string, readonly string[]> = {
  include_role: ['name'],
  import_role: ['name'],
  include_vars: ['file'],
  debug: ['msg', 'var'],
  fail: ['msg'],
  assert: ['that', 'fail_msg', 'msg', 'success_msg', 'quiet'],
  zuul_return: ['data', 'secret_data', 'file', 'secret_file', 'path'],
  loop_control: ['loop_var', 'label'],
  role_entry: ['role', 'name', 'vars', 'when'],
};

export function supportedList(keys: readonly string[]): string {
  return keys.join(', ');
}

/** `ansible.builtin.set_fact` → `set_fact`; Zuul's `zuul_return` has no builtin prefix. */
export function shortActionName(key: string): string {
  return key.startsWith('ansible.builtin.') ? key.slice('ansible.builtin.'.length) : key;
}
