import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlaybookError, loadPlaybook, parsePlaybook } from '../../src/playbook';

function expectPlaybookError(text: string, pattern: RegExp): PlaybookError {
  try {
    parsePlaybook(text, 'pb.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(PlaybookError);
    expect((err as Error).message).toMatch(pattern);
    return err as PlaybookError;
  }
  throw new Error('expected a PlaybookError');
}

describe('playbook parsing (the Ansible subset)', () => {
  test('plays, roles, tasks, blocks and loops parse into the model', () => {
    const pb = parsePlaybook(
      `- hosts: all
  vars: {a: 1}
  vars_files: [v.yaml]
  roles:
    - build-container-image
    - role: upload-container-image
      upload_container_image_promote: false
      vars: {x: 1}
  pre_tasks:
    - include_vars: {file: "{{ item }}"}
      loop: [a.yaml, b.yaml]
  tasks:
    - name: inner
      block:
        - set_fact: {f: 1}
      rescue:
        - debug: {msg: rescued}
      always:
        - debug: {var: f}
      when: a == 1
    - ansible.builtin.include_role:
        name: recorder
      vars:
        container_images: "{{ [a] + b }}"
      loop_control:
        loop_var: zj_image
      with_items: [1, 2]
  post_tasks:
    - zuul_return: {data: {k: v}}
`,
      'pb.yaml',
    );
    const play = pb.plays[0];
    expect(play.hosts).toBe('all');
    expect(play.roles.map((r) => [r.role, r.params])).toEqual([
      ['build-container-image', {}],
      ['upload-container-image', { x: 1, upload_container_image_promote: false }],
    ]);
    expect(play.preTasks[0]).toMatchObject({
      action: 'include_vars',
      loop: ['a.yaml', 'b.yaml'],
      loopVar: 'item',
    });
    const block = play.tasks[0];
    expect(block.action).toBe('block');
    expect(block.when).toEqual(['a == 1']);
    expect(play.tasks[1]).toMatchObject({
      action: 'include_role',
      role: 'recorder',
      loopVar: 'zj_image',
      loop: [1, 2],
      roleVars: { container_images: '{{ [a] + b }}' },
      origin: { file: 'pb.yaml', line: 21 },
    });
    expect(play.postTasks[0]).toMatchObject({ action: 'zuul_return', args: { data: { k: 'v' } } });
  });

  test('an unsupported task key names file, line, the key and the supported list', () => {
    const err = expectPlaybookError(
      `- hosts: all
  tasks:
    - name: ok
      debug: {msg: hi}
    - name: build with a shell
      shell: docker build .
`,
      /^pb\.yaml:6: unsupported key 'shell' in task; supported: name, when, loop, with_items, loop_control, no_log, vars, include_role, import_role, include_vars, set_fact, debug, fail, assert, zuul_return$/,
    );
    expect(err.origin).toEqual({ file: 'pb.yaml', line: 6 });
  });

  test.each([
    [
      'play key',
      `- hosts: all\n  become: true\n`,
      /^pb\.yaml:2: unsupported key 'become' in play; supported: hosts, name/,
    ],
    [
      'block key',
      `- hosts: all\n  tasks:\n    - block: []\n      register: x\n`,
      /^pb\.yaml:4: unsupported key 'register' in task; supported: .*block, rescue, always$/,
    ],
    [
      'module argument',
      `- hosts: all\n  tasks:\n    - include_role:\n        name: x\n        tasks_from: y.yaml\n`,
      /^pb\.yaml:5: unsupported argument 'tasks_from' of include_role; supported: name$/,
    ],
    [
      'loop_control key',
      `- hosts: all\n  tasks:\n    - debug: {}\n      loop: [1]\n      loop_control: {pause: 1}\n`,
      /pb\.yaml:5: unsupported argument 'pause' of loop_control/,
    ],
    ['missing hosts', `- name: x\n  tasks: []\n`, /^pb\.yaml:1: a play needs 'hosts'/],
    [
      'two actions',
      `- hosts: all\n  tasks:\n    - debug: {}\n      fail: {}\n`,
      /^pb\.yaml:3: a task has one action, got debug, fail/,
    ],
    [
      'no action',
      `- hosts: all\n  tasks:\n    - name: nothing\n`,
      /^pb\.yaml:3: a task needs an action/,
    ],
    ['bad yaml', `- hosts: all\n  tasks: [\n`, /^pb\.yaml:\d+: invalid YAML/],
  ])('%s is refused with file:line', (_what, text, pattern) => {
    expectPlaybookError(text, pattern);
  });

  test('loadPlaybook reads a file and reports its path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zts-pb-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(file, '- hosts: all\n  tasks:\n    - command: ls\n');
    expect(() => loadPlaybook(file)).toThrow(`${file}:3: unsupported key 'command' in task`);
  });
});
