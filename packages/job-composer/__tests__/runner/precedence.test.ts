import { join } from 'node:path';
import { LAYER_ORDER, assembleLayers, winningLayer } from '../../src/vars';
import { inventoryView, runPlaybook, unregisterRole } from '../../src';
import { tree, useRecorder } from './helpers';

/**
 * Zuul's variable precedence (lowest to highest), with Ansible's own order inside row 10:
 * role defaults < inventory (2–8, squashed by Zuul) < secrets (9) < play vars < vars_files <
 * role vars < block vars < task vars < include_vars < set_fact < role params < extra vars (-e)
 * < zuul. Each row defines `rec_v` in its own layer and every layer below it; the role must
 * see the row's value.
 */
const ROWS = [
  'role defaults',
  'inventory',
  'secrets',
  'play vars',
  'vars_files',
  'role vars',
  'block vars',
  'task vars',
  'include_vars',
  'set_fact',
  'role params',
  'extra vars',
] as const;
type Row = (typeof ROWS)[number];

function scenario(top: Row): {
  files: Record<string, string>;
  inventory: ReturnType<typeof inventoryView>;
  extraVars: Record<string, unknown>;
} {
  const upTo = (row: Row) => ROWS.indexOf(row) <= ROWS.indexOf(top);
  const val = (row: Row) => JSON.stringify(row);
  const lines: string[] = ['- hosts: node1'];
  if (upTo('play vars')) lines.push(`  vars: {rec_v: ${val('play vars')}}`);
  if (upTo('vars_files')) lines.push('  vars_files: [vf.yaml]');
  lines.push('  pre_tasks:');
  if (upTo('include_vars')) lines.push('    - include_vars: iv.yaml');
  if (upTo('set_fact')) lines.push(`    - set_fact: {rec_v: ${val('set_fact')}}`);
  lines.push('    - debug: {msg: pre}');
  if (upTo('role params')) {
    // Role params only exist on `roles:` entries (they run after pre_tasks).
    lines.push('  roles:', `    - role: prec-role`, `      rec_v: ${val('role params')}`);
  } else {
    lines.push('  tasks:', '    - block:', '        - include_role: {name: prec-role}');
    if (upTo('task vars')) lines.push(`          vars: {rec_v: ${val('task vars')}}`);
    if (upTo('block vars')) lines.push(`      vars: {rec_v: ${val('block vars')}}`);
  }
  const files: Record<string, string> = { 'pb.yaml': `${lines.join('\n')}\n` };
  if (upTo('role defaults'))
    files['roles/prec-role/defaults/main.yaml'] = `rec_v: ${val('role defaults')}\n`;
  if (upTo('role vars')) files['roles/prec-role/vars/main.yaml'] = `rec_v: ${val('role vars')}\n`;
  if (upTo('vars_files')) files['vf.yaml'] = `rec_v: ${val('vars_files')}\n`;
  if (upTo('include_vars')) files['iv.yaml'] = `rec_v: ${val('include_vars')}\n`;
  const inventory = inventoryView(
    {
      all: {
        hosts: { node1: upTo('inventory') ? { rec_v: 'inventory' } : {} },
        vars: {},
        children: {},
      },
    },
    upTo('secrets') ? { rec_v: 'secrets' } : {},
  );
  const extraVars = upTo('extra vars') ? { rec_v: 'extra vars' } : {};
  return { files, inventory, extraVars };
}

describe('variable precedence', () => {
  afterEach(() => unregisterRole('prec-role'));

  test('the layer order is the table order', () => {
    expect(LAYER_ORDER.filter((l) => (ROWS as readonly string[]).includes(l))).toEqual([...ROWS]);
    expect(LAYER_ORDER[LAYER_ORDER.length - 1]).toBe('zuul');
  });

  test.each(ROWS.map((r) => [r]))('%s beats every layer below it', async (top) => {
    const seen = useRecorder('prec-role');
    const s = scenario(top);
    const dir = tree(s.files);
    const result = await runPlaybook({
      playbooks: [join(dir, 'pb.yaml')],
      inventory: s.inventory,
      extraVars: s.extraVars,
      rolesDir: join(dir, 'roles'),
    });
    expect(result.error).toBeUndefined();
    expect(seen.map((x) => x.vars.rec_v)).toEqual([top]);
  });

  test('zuul beats everything and set_fact cannot change it (2.2)', async () => {
    const seen = useRecorder('prec-role');
    const dir = tree({
      'pb.yaml': `- hosts: localhost
  vars: {zuul: {pipeline: play}}
  tasks:
    - set_fact: {zuul: {pipeline: fact}}
    - include_role: {name: prec-role}
      vars:
        recorder_keys: [zuul, rec_p]
        rec_p: "{{ zuul.pipeline }}"
`,
    });
    const result = await runPlaybook({
      playbooks: [join(dir, 'pb.yaml')],
      inventory: inventoryView({
        all: { hosts: {}, vars: { zuul: { pipeline: 'inventory' } }, children: {} },
      }),
      extraVars: { zuul: { pipeline: 'gate' } },
    });
    expect(result.error).toBeUndefined();
    expect(seen[0].vars).toEqual({ zuul: { pipeline: 'gate' }, rec_p: 'gate' });
  });

  test('layers replace at the top level (hash_behaviour=replace): a host var dict hides the job var dict', async () => {
    const seen = useRecorder('prec-role');
    const dir = tree({ 'pb.yaml': '- hosts: all\n  roles: [prec-role]\n' });
    const result = await runPlaybook({
      playbooks: [join(dir, 'pb.yaml')],
      inventory: inventoryView({
        all: { hosts: { n1: { rec_d: { b: 1 } } }, vars: { rec_d: { a: 1 } }, children: {} },
      }),
      rolesDir: join(dir, 'roles'),
    });
    expect(result.error).toBeUndefined();
    expect(seen[0].vars.rec_d).toEqual({ b: 1 });
  });

  test('values are lazy: a job var referencing a later set_fact sees it; role defaults see job vars', async () => {
    const seen = useRecorder('prec-role');
    const dir = tree({
      'roles/prec-role/defaults/main.yaml': 'rec_root: "{{ rec_base }}/buildset_registry"\n',
      'pb.yaml': `- hosts: localhost
  tasks:
    - set_fact: {rec_fact: late}
    - include_role: {name: prec-role}
`,
    });
    const result = await runPlaybook({
      playbooks: [join(dir, 'pb.yaml')],
      inventory: inventoryView({
        all: {
          hosts: {},
          vars: { rec_job: '{{ rec_fact }}-seen', rec_base: '/home/zuul' },
          children: {},
        },
      }),
      rolesDir: join(dir, 'roles'),
    });
    expect(result.error).toBeUndefined();
    expect(seen[0].vars).toMatchObject({
      rec_job: 'late-seen',
      rec_root: '/home/zuul/buildset_registry',
    });
  });

  test('secrets are never templated (!unsafe, 1.5)', async () => {
    const seen = useRecorder('prec-role');
    const dir = tree({ 'pb.yaml': '- hosts: localhost\n  roles: [prec-role]\n' });
    const result = await runPlaybook({
      playbooks: [join(dir, 'pb.yaml')],
      inventory: inventoryView(
        { all: { hosts: {}, vars: {}, children: {} } },
        { rec_secret: { repository: '^quay.io/org/{{ zuul.project.short_name }}.*' } },
      ),
    });
    expect(result.error).toBeUndefined();
    expect(seen[0].vars.rec_secret).toEqual({
      repository: '^quay.io/org/{{ zuul.project.short_name }}.*',
    });
  });

  test('assembleLayers keeps the order and lifts zuul out of lower layers', () => {
    const layers = assembleLayers({
      inventory: { a: 'inv', zuul: { x: 1 } },
      extraVars: { a: 'extra' },
      facts: { zuul: { x: 2 } },
      zuul: { x: 3 },
    });
    expect(layers.map((l) => l.name)).toEqual(['inventory', 'set_fact', 'extra vars', 'zuul']);
    expect(winningLayer(layers, 'a')).toBe('extra vars');
    expect(winningLayer(layers, 'zuul')).toBe('zuul');
    expect(layers.filter((l) => 'zuul' in l.vars)).toHaveLength(1);
  });
});
