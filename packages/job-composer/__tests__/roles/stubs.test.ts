import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadYaml11 as load } from '@zuul-ts/templating';
import { BUILTIN_ROLE_PACKAGES, DEFAULT_ROLES_DIR, parsePlaybook } from '../../src';
import { resolveRole } from '../../src/roles';

/**
 * Every roles/<name>/tasks/main.yaml is ONE task running `zuul-ts role <name> -e @-` with the
 * role's variables piped as JSON on stdin, so stock Ansible can run our roles.
 */
const roleDirs = readdirSync(DEFAULT_ROLES_DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

describe('roles/*/tasks/main.yaml stubs', () => {
  test('the roles folder is found', () => {
    expect(existsSync(join(DEFAULT_ROLES_DIR, 'README.md'))).toBe(true);
  });

  test.each(
    roleDirs
      .filter((r) => existsSync(join(DEFAULT_ROLES_DIR, r, 'tasks', 'main.yaml')))
      .map((r) => [r]),
  )('%s is a one-task zuul-ts stub', (role) => {
    const doc = load(
      readFileSync(join(DEFAULT_ROLES_DIR, role, 'tasks', 'main.yaml'), 'utf8'),
    ) as Record<string, unknown>[];
    expect(Array.isArray(doc)).toBe(true);
    expect(doc).toHaveLength(1);
    const task = doc[0];
    const moduleKey = Object.keys(task).find((k) =>
      ['command', 'ansible.builtin.command'].includes(k),
    );
    expect(moduleKey).toBeDefined();
    expect(
      Object.keys(task)
        .filter((k) => k !== moduleKey)
        .every((k) => ['name', 'no_log', 'become', 'become_user'].includes(k)),
    ).toBe(true);
    const args = task[moduleKey!] as { cmd?: string; stdin?: string };
    expect(args.cmd?.trim()).toBe(`zuul-ts role ${role} -e @-`);
    expect(typeof args.stdin).toBe('string');
    expect(args.stdin).toMatch(/\|\s*to_json\s*}}\s*$/);
  });

  test.each(Object.keys(BUILTIN_ROLE_PACKAGES).map((r) => [r]))(
    'built-in role %s resolves from its package',
    (role) => {
      expect(resolveRole(role).name).toBe(role);
    },
  );

  test.each(['pre', 'run', 'upload', 'promote'])(
    'jobs/playbooks/container-image/%s.yaml is in the subset',
    (name) => {
      const file = join(
        DEFAULT_ROLES_DIR,
        '..',
        'jobs',
        'playbooks',
        'container-image',
        `${name}.yaml`,
      );
      expect(parsePlaybook(readFileSync(file, 'utf8'), file).plays.length).toBeGreaterThan(0);
    },
  );
});
