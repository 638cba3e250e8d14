import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseExtraVars } from '../../src/cli/extra-vars';
import { runPlaybook } from '../../src';
import type { Entry } from './entries';
import { playVarsYaml } from './fixture';
import { writeSharedFiles } from './run-ansible';
import { tag, type Tagged } from './tagged';

const ERROR = '__zts_differential_error__';
const LOOP = '__zts_differential_loop__';

const ret = (id: string, value: unknown) => ({ zuul_return: { data: { zts: { [id]: value } } } });

/** The tasks that evaluate one entry in a playbook; a failure is rescued and recorded. */
function tasksFor(e: Entry): unknown[] {
  let block: unknown[];
  if (e.kind === 'when') block = [ret(e.id, false), { ...ret(e.id, true), when: e.value }];
  else if (e.kind === 'set_fact')
    block = [{ set_fact: { zts_fact: e.value } }, ret(e.id, '{{ zts_fact }}')];
  else if (e.kind === 'loop' || e.kind === 'with_items')
    block = [
      ret(e.id, LOOP),
      { zuul_return: { data: { zts_loop: { [e.id]: '{{ item }}' } } }, [e.kind]: e.value },
    ];
  else block = [ret(e.id, e.value)];
  return [{ block, rescue: [ret(e.id, ERROR)] }];
}

/**
 * Evaluates every entry through zuul-ts as `zuul-ts run-playbook` would: the same inventory
 * and extra vars files through its loaders, one playbook (play vars as in the Ansible run)
 * whose tasks return each entry's value with zuul_return.
 */
export async function evaluateWithZuulTs(
  dir: string,
  entries: Entry[],
): Promise<Map<string, Tagged>> {
  const { inventory, extraVars } = writeSharedFiles(dir);
  const file = join(dir, 'zuul-ts.yaml');
  const tasks = entries.flatMap(tasksFor).map((t) => `    - ${JSON.stringify(t)}\n`);
  writeFileSync(
    file,
    `- hosts: all\n  gather_facts: false\n  vars:\n${playVarsYaml()}  tasks:\n${tasks.join('')}`,
  );
  const result = await runPlaybook({
    playbooks: [file],
    inventory,
    extraVars: parseExtraVars([`@${extraVars}`]),
    resultFile: join(dir, 'results.json'),
    mergeZuulReturn: () => undefined,
  });
  if (!result.ok) throw result.error ?? new Error('zuul-ts run failed');
  const out = new Map<string, Tagged>();
  const loops = new Map<string, unknown[]>();
  for (const payload of result.returned) {
    const data = (payload.data?.zts ?? {}) as Record<string, unknown>;
    for (const [id, v] of Object.entries(data)) {
      if (v === LOOP) loops.set(id, []);
      else out.set(id, v === ERROR ? { t: 'error', v: 'failed' } : tag(v));
    }
    const items = (payload.data?.zts_loop ?? {}) as Record<string, unknown>;
    for (const [id, v] of Object.entries(items)) loops.get(id)?.push(v);
  }
  for (const [id, items] of loops) if (!out.has(id)) out.set(id, tag(items));
  // omit drops the argument: the entry has no value
  for (const e of entries) if (!out.has(e.id)) out.set(e.id, { t: 'omitted' });
  return out;
}
