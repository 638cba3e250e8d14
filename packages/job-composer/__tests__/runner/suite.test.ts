import { join } from 'node:path';
import { PlaybookError, inventoryView, registerRole, runPlaybook, unregisterRole } from '../../src';
import { tree, useRecorder } from './helpers';

/** Runs the `pb.yaml` of a test tree. */
const runPb = (dir: string) => runPlaybook({ playbooks: [join(dir, 'pb.yaml')] });

/**
 * The playbook suite: real playbook files run by the runner with the test-only recorder role.
 */
describe('playbook runner', () => {
  afterEach(() => unregisterRole('recorder'));

  test('include_vars with loop, include_role with a list-building vars template, now()', async () => {
    const seen = useRecorder();
    const dir = tree({
      'vars/one.yaml': 'rec_one: 1\nb: [{repository: org/b}]\n',
      'vars/two.yaml': 'rec_two: "{{ rec_one + 1 }}"\na: {repository: org/a}\n',
      'pb.yaml': `- hosts: localhost
  tasks:
    - include_vars: "{{ item }}"
      loop: [one.yaml, two.yaml]
    - name: Build images
      include_role:
        name: recorder
      vars:
        container_images: "{{ [a] + b }}"
        rec_today: "{{ now(utc=True, fmt='%Y%m%d') }}"
`,
    });
    const before = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    const result = await runPb(dir);
    const after = new Date().toISOString().slice(0, 10).replace(/-/g, '');
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(seen).toHaveLength(1);
    expect(seen[0].vars.container_images).toEqual([
      { repository: 'org/a' },
      { repository: 'org/b' },
    ]);
    expect(seen[0].vars.rec_one).toBe(1);
    // "{{ rec_one + 1 }}" renders to the string "2" (ansible_eval_concat).
    expect(seen[0].vars.rec_two).toBe('2');
    expect([before, after]).toContain(seen[0].vars.rec_today);
    expect(seen[0].host).toBe('localhost');
  });

  test('block/rescue/always, when and loop with loop_control.loop_var', async () => {
    const seen = useRecorder();
    const dir = tree({
      'pb.yaml': `- hosts: localhost
  vars:
    images: [x, y, z]
  tasks:
    - block:
        - set_fact: {rec_stage: block}
        - fail: {msg: "boom"}
        - set_fact: {rec_stage: not-reached}
      rescue:
        - set_fact: {rec_rescued: "{{ rec_stage }}-rescued"}
      always:
        - set_fact: {rec_always: true}
    - include_role: {name: recorder}
      loop: "{{ images }}"
      loop_control: {loop_var: zj_image}
      when: zj_image != 'y'
      vars:
        rec_image: "{{ zj_image }}"
    - include_role: {name: recorder}
      when: rec_stage == 'not-reached'
`,
    });
    const result = await runPb(dir);
    expect(result.error).toBeUndefined();
    expect(seen.map((s) => s.vars.rec_image)).toEqual(['x', 'z']);
    expect(seen[0].vars).toMatchObject({
      rec_stage: 'block',
      rec_rescued: 'block-rescued',
      rec_always: true,
    });
  });

  test('a failure without rescue runs always, stops the host and fails the playbook', async () => {
    const seen = useRecorder();
    const dir = tree({
      'pb.yaml': `- hosts: localhost
  tasks:
    - block:
        - include_role: {name: recorder}
          vars: {recorder_fail: "registry said no", rec_n: 1}
      always:
        - include_role: {name: recorder}
          vars: {rec_n: 2}
    - include_role: {name: recorder}
      vars: {rec_n: 3}
`,
    });
    const result = await runPb(dir);
    expect(result.ok).toBe(false);
    expect(result.error?.message).toContain('registry said no');
    expect(result.error?.message).toContain(`${join(dir, 'pb.yaml')}:4`);
    expect(seen.map((s) => s.vars.rec_n)).toEqual([1, 2]);
  });

  test('assert and fail messages are rendered; debug output is an event', async () => {
    const dir = tree({
      'pb.yaml': `- hosts: localhost
  vars: {port: 5000}
  tasks:
    - debug: {msg: "port is {{ port }}"}
    - assert:
        that:
          - port == 5000
          - port is defined
    - assert:
        that: port == 5001
        fail_msg: "wrong port {{ port }}"
`,
    });
    const result = await runPb(dir);
    expect(result.ok).toBe(false);
    expect(result.error?.message).toMatch(/wrong port 5000$/);
    expect(result.events?.some((e) => e.kind === 'log' && e.name === 'port is 5000')).toBe(true);
  });

  test('an unsupported key fails before any work, naming file:line', async () => {
    const seen = useRecorder();
    const dir = tree({
      'pb.yaml': `- hosts: localhost
  tasks:
    - include_role: {name: recorder}
- hosts: localhost
  tasks:
    - name: not in the subset
      copy: {src: a, dest: b}
`,
    });
    await expect(runPb(dir)).rejects.toBeInstanceOf(PlaybookError);
    await expect(runPb(dir)).rejects.toThrow(
      /pb\.yaml:7: unsupported key 'copy' in task; supported: /,
    );
    expect(seen).toHaveLength(0);
  });

  test('an unknown role fails before any work', async () => {
    const seen = useRecorder();
    const dir = tree({
      'pb.yaml': `- hosts: localhost
  tasks:
    - include_role: {name: recorder}
    - include_role: {name: no-such-role}
`,
    });
    await expect(runPb(dir)).rejects.toThrow(/pb\.yaml:4: unknown role 'no-such-role'/);
    expect(seen).toHaveLength(0);
  });

  test('hosts: all runs the role once per host with its own host vars; localhost is not in all', async () => {
    const seen = useRecorder();
    const dir = tree({
      'pb.yaml': `- hosts: all
  roles:
    - recorder
- hosts: all[0]
  roles:
    - role: recorder
      rec_first: true
- hosts: builders
  roles:
    - recorder
`,
    });
    const inventory = inventoryView({
      all: {
        hosts: {
          node1: { rec_docker_host: 'unix:///one.sock', rec_job: 'j' },
          node2: { rec_docker_host: 'unix:///two.sock', rec_job: 'j' },
        },
        vars: { rec_job: 'j' },
        children: { builders: { hosts: { node2: null } }, zuul_unreachable: { hosts: {} } },
      },
    });
    const result = await runPlaybook({ playbooks: [join(dir, 'pb.yaml')], inventory });
    expect(result.error).toBeUndefined();
    const byHost = seen.map((s) => [
      s.host,
      s.vars.rec_docker_host,
      s.vars.rec_first ?? false,
      [...s.playHosts],
    ]);
    expect(byHost.slice(0, 2).sort()).toEqual([
      ['node1', 'unix:///one.sock', false, ['node1', 'node2']],
      ['node2', 'unix:///two.sock', false, ['node1', 'node2']],
    ]);
    expect(byHost.slice(2)).toEqual([
      ['node1', 'unix:///one.sock', true, ['node1']],
      ['node2', 'unix:///two.sock', false, ['node2']],
    ]);
  });

  test('hosts: all with an empty inventory is skipped (executor-only job), rc 0', async () => {
    const seen = useRecorder();
    const dir = tree({ 'pb.yaml': '- hosts: all\n  roles: [recorder]\n' });
    const result = await runPb(dir);
    expect(result.ok).toBe(true);
    expect(seen).toHaveLength(0);
  });

  test('role variables are validated before the role runs', async () => {
    const seen = useRecorder('recorder', {
      type: 'object',
      properties: {
        container_images: { type: 'array', items: { type: 'object', required: ['repository'] } },
      },
    });
    const dir = tree({
      'pb.yaml': `- hosts: localhost
  tasks:
    - include_role: {name: recorder}
      vars:
        container_images: [{repository: a}, {context: .}]
`,
    });
    const result = await runPb(dir);
    expect(result.ok).toBe(false);
    expect(result.error?.message).toContain('container_images[1].repository: is required');
    expect(seen).toHaveLength(0);
    expect(result.plan).toEqual([]);
  });

  test('dry-run records the plan and emits plan events without running operations', async () => {
    useRecorder();
    const dir = tree({ 'pb.yaml': '- hosts: localhost\n  roles: [recorder]\n' });
    const result = await runPlaybook({ playbooks: [join(dir, 'pb.yaml')], dryRun: true });
    expect(result.plan).toEqual([{ kind: 'test.op', target: 'recorder@localhost' }]);
    expect(result.events?.filter((e) => e.kind === 'operation').map((e) => e.phase)).toEqual([
      'plan',
    ]);
  });
});

describe('lazy role variables', () => {
  afterEach(() => unregisterRole('lazy-role'));

  test('a variable that cannot render fails only when the role reads it; spreads skip it', async () => {
    const reads: unknown[] = [];
    registerRole({
      name: 'lazy-role',
      schema: { type: 'object' },
      async run(ctx) {
        reads.push(Object.keys({ ...ctx.vars }).includes('rec_broken'));
        reads.push(JSON.stringify(ctx.vars).includes('rec_broken'));
        reads.push(ctx.vars.rec_fine);
        if (ctx.vars.rec_read_broken) reads.push(ctx.vars.rec_broken);
        return {};
      },
    });
    const dir = tree({
      'pb.yaml': `- hosts: localhost
  vars:
    rec_fine: ok
    rec_broken: "{{ no_such_variable }}/x"
  tasks:
    - include_role: {name: lazy-role}
    - include_role: {name: lazy-role}
      vars: {rec_read_broken: true}
`,
    });
    const result = await runPb(dir);
    expect(reads).toEqual([false, false, 'ok', false, false, 'ok']);
    expect(result.ok).toBe(false);
    expect(result.error?.message).toMatch(/rec_broken.*'no_such_variable' is undefined/);
    expect(result.error?.message).toContain(`${join(dir, 'pb.yaml')}:7`);
  });

  test('a skipped task ends with status skipped', async () => {
    const dir = tree({
      'pb.yaml': '- hosts: localhost\n  tasks:\n    - debug: {msg: x}\n      when: false\n',
    });
    const result = await runPb(dir);
    expect(result.events?.find((e) => e.kind === 'task' && e.phase === 'end')).toMatchObject({
      status: 'skipped',
    });
  });
});
