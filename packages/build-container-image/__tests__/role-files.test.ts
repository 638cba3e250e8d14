import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as load } from 'yaml';
import { ROLE_VARIABLES, roles } from '@zuul-ts/build-container-image';

const roleDir = join(__dirname, '../../../roles/build-container-image');

test('tasks/main.yaml is one command task piping exactly the schema variables', () => {
  const tasks = load(readFileSync(join(roleDir, 'tasks/main.yaml'), 'utf8')) as Record<
    string,
    unknown
  >[];
  expect(tasks).toHaveLength(1);
  expect(tasks[0].name).toBe('Build container images with zuul-ts');
  const cmd = tasks[0]['ansible.builtin.command'] as { cmd: string; stdin: string };
  expect(cmd.cmd).toBe('zuul-ts role build-container-image -e @-');
  expect(cmd.stdin).toMatch(/^\{\{ \{[\s\S]*\} \| to_json \}\}$/);
  const keys = [...cmd.stdin.matchAll(/'([a-z_]+)':/g)].map((m) => m[1]);
  expect(keys.sort()).toEqual([...ROLE_VARIABLES].sort());
});

test('the package exports the role under its zuul-jobs name', () => {
  expect(roles.map((r) => r.name)).toEqual(['build-container-image']);
});

test('defaults mirror zuul-jobs', () => {
  const defaults = load(readFileSync(join(roleDir, 'defaults/main.yaml'), 'utf8')) as Record<
    string,
    unknown
  >;
  expect(defaults).toMatchObject({
    zuul_work_dir: '{{ zuul.project.src_dir }}',
    container_command: 'podman',
    container_build_extra_env: {},
  });
});
