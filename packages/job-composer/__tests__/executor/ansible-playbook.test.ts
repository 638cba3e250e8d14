import { createServer, type Server } from 'node:net';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeJobDir, runExecutor, type ExecutorJobDir } from './job-dir';

jest.setTimeout(120000);

const SECRET = 'Executor-Secret-771';

/** Lines of job-output.txt without the `<timestamp> | ` prefix. */
function consoleLines(job: ExecutorJobDir): string[] {
  return readFileSync(job.jobOutput, 'utf8')
    .split('\n')
    .slice(0, -1)
    .map((l) => {
      // RESULT words reach the job log bare (Python logging propagation in zuul_stream).
      if (l === 'failure' || l === 'unreachable') return l;
      expect(l).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} \| /);
      return l.replace(/^[^|]*\| /, '');
    });
}

interface JsonHost {
  action: string;
  failed?: boolean;
  skipped?: boolean;
  msg?: string;
}
interface JsonPlaybookEntry {
  phase: string;
  index: string;
  playbook: string;
  trusted: boolean;
  branch: string;
  plays: {
    play: { name: string; id: string; duration: { start: string; end: string } };
    tasks: {
      task: { name: string; id: string; duration: { start: string } };
      hosts: Record<string, JsonHost>;
    }[];
  }[];
  stats: Record<string, Record<string, number>>;
}

const readJson = (job: ExecutorJobDir) =>
  JSON.parse(readFileSync(job.jobOutputJson, 'utf8')) as JsonPlaybookEntry[];

describe('zuul-ts ansible-playbook in an executor job dir', () => {
  const jobs: ExecutorJobDir[] = [];
  const newJob = (...a: Parameters<typeof makeJobDir>) => {
    const job = makeJobDir(...a);
    jobs.push(job);
    return job;
  };
  afterAll(() => jobs.forEach((j) => j.cleanup()));

  test('a passing playbook: exit 0, job-output.txt/json in the callbacks shape, zuul_return merged, secrets redacted', async () => {
    const job = newJob({ secrets: { registry_password: SECRET }, vars: { greeting: 'hello' } });
    const pb = job.writePlaybook(
      'pass.yaml',
      [
        '- hosts: localhost',
        '  tasks:',
        '    - name: Say hello',
        '      debug:',
        '        msg: "{{ greeting }} {{ zuul.change }} {{ registry_password }}"',
        '    - name: Skipped task',
        '      debug:',
        '        msg: never',
        '      when: false',
        '    - name: Return data',
        '      zuul_return:',
        '        data:',
        '          message: "{{ zuul.message }}"',
        '          note: "{{ build_note }}"',
        '          zuul:',
        '            artifacts:',
        '              - name: image',
        '                url: docker://registry.example.org/org/app:change_1234',
        '        secret_data:',
        '          password: "{{ registry_password }}"',
        '',
      ].join('\n'),
    );
    const res = await runExecutor(job.argv(pb), job.env(), join(job.root, 'work'));
    expect(res.stdout).toContain('zuul-ts: running');
    expect(res.code).toBe(0);
    expect(res.stdout).not.toContain('RESULT');
    const lines = consoleLines(job);
    expect(lines).toEqual(
      expect.arrayContaining([
        'PLAY [localhost]',
        'TASK [Say hello]',
        'TASK [Skipped task]',
        'localhost | skipping: Conditional result was False',
        'TASK [Return data]',
        'localhost | ok',
        'PLAY RECAP',
        'localhost | ok: 2 changed: 0 unreachable: 0 failed: 0 skipped: 1 rescued: 0 ignored: 0',
      ]),
    );
    expect(lines.find((l) => l.startsWith('hello 1234 '))).toMatch(/^hello 1234 \*+$/);
    expect(readFileSync(job.jobOutput, 'utf8')).not.toContain(SECRET);
    const json = readJson(job);
    expect(json).toHaveLength(1);
    expect(json[0]).toMatchObject({
      phase: 'run',
      index: '0',
      trusted: false,
      branch: 'main',
      playbook: 'example.org/org/app/playbooks/test.yaml',
      stats: { localhost: { ok: 2, failures: 0, skipped: 1, unreachable: 0, changed: 0 } },
    });
    expect(json[0].plays[0].play.name).toBe('localhost');
    expect(json[0].plays[0].tasks.map((t) => t.task.name)).toEqual([
      'Say hello',
      'Skipped task',
      'Return data',
    ]);
    expect(json[0].plays[0].tasks[1].hosts.localhost).toMatchObject({ skipped: true });
    expect(JSON.stringify(json)).not.toContain(SECRET);
    // The results file as Zuul's zuul_return action writes it; the change message is kept
    // verbatim (`!unsafe`), never rendered.
    const results = JSON.parse(readFileSync(job.results, 'utf8')) as {
      data: Record<string, unknown>;
      secret_data: Record<string, unknown>;
    };
    expect(results.data.message).toBe('Fix {{ templating }} in {% raw %} messages');
    expect(results.data.note).toBe('built by {{ nobody }}');
    expect(results.data.zuul).toEqual({
      artifacts: [{ name: 'image', url: 'docker://registry.example.org/org/app:change_1234' }],
    });
    expect(results.secret_data).toEqual({ password: SECRET });
  });

  test('a second playbook appends to job-output.json (one list, in order)', async () => {
    const job = newJob();
    const pb = job.writePlaybook(
      'one.yaml',
      '- hosts: all\n  tasks:\n    - debug:\n        msg: one\n',
    );
    expect((await runExecutor(job.argv(pb, { phase: 'pre' }), job.env(), job.root)).code).toBe(0);
    expect((await runExecutor(job.argv(pb, { phase: 'run' }), job.env(), job.root)).code).toBe(0);
    expect(readJson(job).map((p) => p.phase)).toEqual(['pre', 'run']);
  });

  test('a failed task: exit 2, RESULT failure, the error in job-output; a rescued failure sends no RESULT', async () => {
    const job = newJob();
    const rescued = job.writePlaybook(
      'rescued.yaml',
      [
        '- hosts: localhost',
        '  tasks:',
        '    - block:',
        '        - name: Try',
        '          fail:',
        '            msg: first try failed',
        '      rescue:',
        '        - debug:',
        '            msg: rescued',
        '',
      ].join('\n'),
    );
    const ok = await runExecutor(job.argv(rescued), job.env(), job.root);
    expect(ok.code).toBe(0);
    expect(ok.stdout).not.toContain('RESULT failure');
    const pb = job.writePlaybook(
      'fail.yaml',
      '- hosts: localhost\n  tasks:\n    - name: Break\n      fail:\n        msg: the build broke\n    - name: Never\n      debug:\n        msg: never\n',
    );
    const res = await runExecutor(job.argv(pb), job.env(), job.root);
    expect(res.code).toBe(2);
    expect(res.stdout.split('\n')).toContain('RESULT failure');
    const lines = consoleLines(job);
    // zuul_stream's shape: `host | ERROR`, the result as JSON, the bare RESULT word.
    const at = lines.indexOf('TASK [Break]');
    expect(lines.slice(at + 1, at + 6)).toEqual([
      'localhost | ERROR',
      'localhost | {',
      'localhost |   "msg": "the build broke"',
      'localhost | }',
      'failure',
    ]);
    expect(lines).not.toContain('TASK [Never]');
    const last = readJson(job).at(-1)!;
    expect(last.plays[0].tasks[0].hosts.localhost).toMatchObject({ failed: true, action: 'fail' });
    expect(last.stats.localhost.failures).toBe(1);
  });

  test('bad role input: exit 2 (a failed task to Zuul) with an ERROR! line and one RESULT failure', async () => {
    const job = newJob();
    const pb = job.writePlaybook(
      'fo.yaml',
      '- hosts: localhost\n  tasks:\n    - include_role:\n        name: build-container-image\n',
    );
    // Bad role input: Ansible reports the stub's failed command task (exit 2) with an `ERROR!`.
    const res = await runExecutor(job.argv(pb), job.env(), job.root);
    expect(res.code).toBe(2);
    expect(res.stdout).toMatch(/^ERROR! .*container_images/m);
    expect(res.stdout.split('\n').filter((l) => l === 'RESULT failure')).toHaveLength(1);
  });

  test('YAML syntax error: exit 4 with ERROR!; a missing playbook: exit 1 with ERROR!; nothing written', async () => {
    const job = newJob();
    const pb = job.writePlaybook('broken.yaml', '- hosts: localhost\n  tasks: [\n');
    const res = await runExecutor(job.argv(pb), job.env(), job.root);
    expect(res.code).toBe(4);
    expect(res.stdout).toMatch(/^ERROR! .*broken\.yaml/m);
    const missing = await runExecutor(job.argv(join(job.root, 'nope.yaml')), job.env(), job.root);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toMatch(/^ERROR! the playbook: .*nope\.yaml could not be found$/m);
    expect(existsSync(job.jobOutput)).toBe(false);
  });

  test('unreachable node (closed port): exit 3, RESULT unreachable, nodes.unreachable, nothing run', async () => {
    const server: Server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await new Promise<void>((r) => server.close(() => r()));
    const job = newJob({
      hosts: {
        node1: { ansible_host: '127.0.0.1', ansible_port: port, ansible_user: 'zuul' },
        localhost: { ansible_connection: 'local' },
      },
    });
    const pb = job.writePlaybook(
      'remote.yaml',
      '- hosts: all\n  tasks:\n    - zuul_return:\n        data:\n          ran: true\n',
    );
    const res = await runExecutor(job.argv(pb), job.env(), job.root);
    expect(res.code).toBe(3);
    expect(res.stdout.split('\n')).toContain('RESULT unreachable');
    expect(readFileSync(job.unreachableFile, 'utf8')).toBe('node1\n');
    expect(readFileSync(job.results, 'utf8')).toBe('');
    expect(consoleLines(job)).toContain('node1 | ERROR');
    expect(readJson(job)[0].stats.node1.unreachable).toBe(1);
  });
});
