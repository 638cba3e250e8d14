import { join } from 'node:path';
import { unregisterRole } from '../../src';
import { tree, useRecorder } from '../runner/helpers';
import { cli, jsonLines } from './helpers';

const PASSWORD = 'hunter2-Zq9!xx';
const ROLE_TOKEN = 'tok-4f8a9c0d2e';

/**
 * A secret (from the secrets file Zuul writes beside the inventory, and one a role registers)
 * never appears in stdout, stderr, events or errors, also nested inside longer strings and as
 * base64 of user:pass.
 */
describe('redaction across every output', () => {
  afterEach(() => unregisterRole('recorder'));

  const setup = () =>
    tree({
      'inventory.yaml':
        'all:\n  hosts: {}\n  vars: {}\n  children: {zuul_unreachable: {hosts: {}}}\n',
      'group_vars/all.yaml': `container_registry_credentials:\n  quay.io:\n    username: robot\n    password: !unsafe '${PASSWORD}'\n`,
      'pb.yaml': `- hosts: localhost
  tasks:
    - debug:
        msg: "login quay.io with robot:{{ container_registry_credentials['quay.io'].password }}!"
    - debug:
        msg: "auth={{ ('robot:' ~ container_registry_credentials['quay.io'].password) | b64encode }}"
    - include_role: {name: recorder}
      vars:
        recorder_secret: ${ROLE_TOKEN}
        recorder_log: "got token=${ROLE_TOKEN}; pass={{ container_registry_credentials['quay.io'].password }}"
    - debug: {msg: "later: Bearer ${ROLE_TOKEN}"}
    - fail:
        msg: "push failed for https://robot:{{ container_registry_credentials['quay.io'].password }}@quay.io/v2/"
`,
    });

  const base64 = Buffer.from(`robot:${PASSWORD}`).toString('base64');

  test.each([[['--json']], [[]]])(
    'stdout, stderr and events (%j) never show the secret',
    async (flags) => {
      useRecorder();
      const dir = setup();
      const run = await cli([
        'run-playbook',
        '-i',
        join(dir, 'inventory.yaml'),
        ...flags,
        join(dir, 'pb.yaml'),
      ]);
      expect(run.code).toBe(1);
      const all = run.stdout + run.stderr;
      for (const secret of [PASSWORD, ROLE_TOKEN, base64]) expect(all).not.toContain(secret);
      expect(all).toContain('login quay.io with robot:******!');
      expect(all).toContain('auth=******');
      expect(all).toContain('push failed for https://robot:******@quay.io/v2/');
      if (flags.length) {
        const events = jsonLines(run.stdout);
        expect(events.some((e) => e.name === 'got token=******; pass=******')).toBe(true);
        expect(events.some((e) => e.name === 'later: Bearer ******')).toBe(true);
      } else {
        expect(run.stderr).toContain('got token=******; pass=******');
      }
    },
  );

  test('credentials piped on stdin to `zuul-ts role` are redacted too', async () => {
    useRecorder();
    const vars = {
      container_registry_credentials: { 'quay.io': { username: 'robot', password: PASSWORD } },
      recorder_log: `using ${PASSWORD} and ${base64}`,
      recorder_fail: `denied: ${base64}`,
    };
    const run = await cli(['role', 'recorder', '-e', '@-', '--json'], JSON.stringify(vars));
    expect(run.code).toBe(1);
    const all = run.stdout + run.stderr;
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain(base64);
    expect(all).toContain('using ****** and ******');
    expect(run.stderr).toContain('denied: ******');
  });
});
