import { join } from 'node:path';
import { runPlaybook } from '../../src';
import { tree } from '../runner/helpers';

/**
 * A role input holding an undefined variable fails naming the variable and the input path,
 * before anything runs (not as "container_images: is required").
 */
describe('undefined variable in a role input', () => {
  const run = async (playbook: string) => {
    const dir = tree({ 'pb.yaml': playbook });
    return runPlaybook({ playbooks: [join(dir, 'pb.yaml')], dryRun: true });
  };

  test.each([
    [
      'roles: entry',
      `  roles:\n    - role: build-container-image\n      container_images:\n        - context: .\n          repository: "{{ nope }}/x"\n`,
    ],
    [
      'include_role vars',
      `  tasks:\n    - include_role:\n        name: build-container-image\n      vars:\n        container_images:\n          - context: .\n            repository: "{{ nope }}/x"\n`,
    ],
  ])('%s', async (_label, body) => {
    const res = await run(`- hosts: localhost\n${body}`);
    expect(res.ok).toBe(false);
    expect(res.error?.message).toMatch(/container_images\[0\]\.repository/);
    expect(res.error?.message).toMatch(/'nope' is undefined/);
    expect(res.error?.message).not.toMatch(/is required/);
    expect(res.plan).toEqual([]);
  });
});
