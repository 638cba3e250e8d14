import { join } from 'node:path';
import { InputError } from '@zuul-ts/role-kit';
import { registerRole, runPlaybook, unregisterRole } from '../../src';
import { tree, useRecorder, type Seen } from '../runner/helpers';

/**
 * The input pre-check runs every role's schema before the first playbook runs, but only where
 * the variables can be known ahead: no false errors for roles that `when` skips, that run only
 * in a `rescue`, or whose variables a `set_fact` fixes first.
 */
const SCHEMA = {
  type: 'object',
  properties: {
    rec_images: {
      type: 'array',
      items: {
        type: 'object',
        required: ['repository'],
        properties: { repository: { type: 'string' } },
      },
    },
  },
};

const GOOD = "[{'repository': 'a'}]";
const BAD = "[{'repository': 'a'}, {'repository': 42}]";

describe('input pre-check (run-playbook)', () => {
  let seen: Seen[];
  beforeEach(() => {
    seen = useRecorder('checked', SCHEMA);
  });
  afterEach(() => unregisterRole('checked'));

  const run = async (...playbooks: string[]) => {
    const dir = tree(Object.fromEntries(playbooks.map((p, i) => [`pb${i}.yaml`, p])));
    return runPlaybook({ playbooks: playbooks.map((_, i) => join(dir, `pb${i}.yaml`)) });
  };
  const include = (images: string, extra = '') => `
    - include_role:
        name: checked
      vars:
        rec_images: "{{ ${images} }}"${extra}
`;

  test('bad input of a role in the second playbook fails before the first playbook runs', async () => {
    const res = await run(
      `- hosts: localhost\n  tasks:${include(GOOD)}`,
      `- hosts: localhost\n  tasks:${include(BAD)}`,
    );
    expect(res.ok).toBe(false);
    expect(res.error?.message).toMatch(
      /checked input check on localhost \(.*pb1\.yaml:3\): rec_images\[1\]\.repository: must be string/,
    );
    expect(res.playbooks).toEqual([]);
    expect(seen).toEqual([]);
  });

  test('a loop item with bad input fails before the first item runs', async () => {
    const res = await run(`
- hosts: localhost
  tasks:
    - include_role:
        name: checked
      vars:
        rec_images: "{{ [item] }}"
      loop:
        - {repository: ok}
        - {repository: [not, a, string]}
`);
    expect(res.error?.message).toContain('rec_images[0].repository: must be string');
    expect(seen).toEqual([]);
  });

  test('with_items is flattened one level in the check as in the run', async () => {
    // One item per image: a nested list gives its items one by one.
    const perItem = (items: string) =>
      `- hosts: localhost\n  tasks:${include('[item]', `\n      with_items: ${items}`)}`;
    const res = await run(perItem('[[{repository: ok}, {repository: 5}], {repository: fine}]'));
    expect(res.error?.message).toMatch(
      /checked input check on localhost \(.*:3\): rec_images\[0\]\.repository: must be string/,
    );
    expect(res.playbooks).toEqual([]);
    expect(seen).toEqual([]);
    const ok = await run(perItem('[[{repository: a}, {repository: b}], {repository: c}]'));
    expect(ok.error).toBeUndefined();
    expect(seen.map((s) => s.vars.rec_images)).toEqual([
      [{ repository: 'a' }],
      [{ repository: 'b' }],
      [{ repository: 'c' }],
    ]);
  });

  test('a roles: entry with bad params fails before the play runs', async () => {
    const res = await run(`
- hosts: localhost
  pre_tasks:
    - include_role: {name: checked}
  roles:
    - role: checked
      rec_images: [{repository: 7}]
`);
    expect(res.error?.message).toContain('rec_images[0].repository: must be string');
    expect(seen).toEqual([]);
  });

  test('no false errors: when-skipped roles, rescue-only roles, set_fact fixing the input', async () => {
    const res = await run(
      `- hosts: localhost\n  tasks:${include(BAD, '\n      when: false')}`,
      `
- hosts: localhost
  tasks:
    - block:${include(GOOD).replace(/\n {4}/g, '\n        ')}
      rescue:${include(BAD).replace(/\n {4}/g, '\n        ')}`,
      `
- hosts: localhost
  vars:
    images: ${JSON.stringify([{ repository: 42 }])}
  tasks:
    - set_fact:
        images: ${JSON.stringify([{ repository: 'fixed' }])}${include('images')}`,
    );
    expect(res.error).toBeUndefined();
    expect(res.ok).toBe(true);
    expect(seen.map((s) => s.vars.rec_images)).toEqual([
      [{ repository: 'a' }],
      [{ repository: 'fixed' }],
    ]);
  });

  test('a variable that does not render is left to run time (lazy: only reading it fails)', async () => {
    const res = await run(`- hosts: localhost\n  tasks:${include('undefined_images')}`);
    expect(res.error).toBeUndefined();
    // The role ran; the variable stays a hidden throwing getter it did not read.
    expect(seen).toHaveLength(1);
    expect(Object.keys(seen[0].vars)).not.toContain('rec_images');
  });

  test("a role's own checkInputs rule runs in the pre-check too", async () => {
    const ran: string[] = [];
    registerRole({
      name: 'tag-rules',
      schema: { type: 'object' },
      checkInputs(vars) {
        const tags = (vars.rec_tags ?? []) as string[];
        tags.forEach((t, i) => {
          if (!/^[\w][\w.-]{0,127}$/.test(t))
            throw new InputError(`rec_tags[${i}]`, 'not a valid tag');
        });
      },
      async run() {
        ran.push('tag-rules');
        return {};
      },
    });
    try {
      const res = await run(
        `- hosts: localhost\n  tasks:${include(GOOD)}`,
        `- hosts: localhost\n  tasks:\n    - include_role: {name: tag-rules}\n      vars: {rec_tags: [ok, 'bad tag']}\n`,
      );
      expect(res.error?.message).toContain('rec_tags[1]: not a valid tag');
      expect(seen).toEqual([]);
      expect(ran).toEqual([]);
    } finally {
      unregisterRole('tag-rules');
    }
  });
});
