import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runPlaybook, unregisterRole } from '../../src';
import { tree, useRecorder } from './helpers';
import { cli } from '../cli/helpers';

describe('zuul_return in playbooks', () => {
  afterEach(() => unregisterRole('recorder'));

  test('zuul_return tasks and role returns are merged into the results file in order', async () => {
    useRecorder();
    const dir = tree({
      'work/results.json': '',
      'pb.yaml': `- hosts: localhost
  tasks:
    - zuul_return:
        data:
          zuul: {artifacts: [{name: first, url: "http://a/{{ zuul.build }}"}]}
          built: "{{ zuul.build }}"
    - include_role: {name: recorder}
      vars:
        recorder_return: {data: {zuul: {artifacts: [{name: second, url: http://b}]}}}
`,
    });
    const resultFile = join(dir, 'work', 'results.json');
    const result = await runPlaybook({
      playbooks: [join(dir, 'pb.yaml')],
      extraVars: { zuul: { build: 'abc123', executor: { result_data_file: resultFile } } },
    });
    expect(result.error).toBeUndefined();
    const written = JSON.parse(readFileSync(resultFile, 'utf8'));
    // artifacts concatenate new + existing (newest call first).
    expect(written.data.zuul.artifacts.map((a: { name: string }) => a.name)).toEqual([
      'second',
      'first',
    ]);
    expect(written.data.built).toBe('abc123');
  });

  test('role zuul_return goes to --result-file', async () => {
    useRecorder();
    const dir = tree({ 'results.json': '' });
    const run = await cli([
      'role',
      'recorder',
      '--result-file',
      join(dir, 'results.json'),
      '-e',
      '{"recorder_return": {"data": {"k": "v"}, "secret_data": {"s": "very-secret-value"}}}',
    ]);
    expect(run.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8'))).toEqual({
      data: { k: 'v' },
      secret_data: { s: 'very-secret-value' },
    });
    expect(run.stdout + run.stderr).not.toContain('very-secret-value');
  });

  test('zuul_return file/secret_file/path arguments follow Zuul (5.1)', async () => {
    const dir = tree({
      'in.json': '{"from_file": 1, "k": "file"}',
      'secret.json': '{"token": "s3cret-token-value"}',
      'pb.yaml': `- hosts: localhost
  tasks:
    - zuul_return:
        file: "{{ playbook_dir }}/in.json"
        secret_file: "{{ playbook_dir }}/secret.json"
        data: {k: data}
        path: "{{ playbook_dir }}/other.json"
    - debug: {msg: "token is s3cret-token-value"}
`,
    });
    const result = await runPlaybook({ playbooks: [join(dir, 'pb.yaml')] });
    expect(result.error).toBeUndefined();
    expect(JSON.parse(readFileSync(join(dir, 'other.json'), 'utf8'))).toEqual({
      data: { from_file: 1, k: 'data' },
      secret_data: { token: 's3cret-token-value' },
    });
    // Library events are redacted too.
    expect(result.events?.some((e) => e.name === 'token is ******')).toBe(true);
    expect(result.redactor.redact('token is s3cret-token-value')).toBe('token is ******');
  });
});
