import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pushTestImage, useRegistry } from '@zuul-ts/testing';
import { makeJobDir, runExecutor, zuulTsOnPath, type ExecutorJobDir } from './job-dir';

jest.setTimeout(240000);

// `{{` in a password is data: stock Ansible renders the stub's stdin, zuul-ts must not again.
const PASSWORD = 'dispatch-{{pw}}-Registry-5';

/**
 * Container stubs against a real registry, once run by zuul-ts itself and once inside a
 * playbook outside our subset, which goes to Debian's ansible-playbook with the same argv
 * and env (the role still runs through zuul-ts, via its stub).
 */
describe('zuul-ts ansible-playbook: container stubs and dispatch to real Ansible', () => {
  const reg = useRegistry('plain');
  const jobs: ExecutorJobDir[] = [];
  afterAll(() => jobs.forEach((j) => j.cleanup()));

  function promoteJob(repo: string): ExecutorJobDir {
    const job = makeJobDir({
      secrets: { registry_password: PASSWORD },
      vars: {
        container_images: [{ repository: repo, registry: reg.server.host, tags: ['latest'] }],
        container_registry_credentials: {
          [reg.server.host]: { username: 'zuul', password: '{{ registry_password }}' },
        },
      },
    });
    jobs.push(job);
    return job;
  }

  test('our stub playbook: promote runs in zuul-ts, the registry has the final tag, exit 0', async () => {
    const repo = `${reg.server.host}/org/exec-stub-${process.pid}`;
    const image = await pushTestImage(reg.client, `${repo}:change_1234_latest`);
    const job = promoteJob(repo);
    const pb = job.writePlaybook(
      'promote.yaml',
      '- hosts: localhost\n  roles:\n    - promote-container-image\n',
    );
    // The job's failure-output (RE2 syntax) matches a line of the role's output: the executor
    // is told early (`RESULT failure`), the playbook itself still succeeds.
    const failureOutput = JSON.stringify(['registry\\.(?P<op>delete)-tag .*change_1234_latest']);
    const res = await runExecutor(
      job.argv(pb, { trusted: true }),
      job.env({ ZUUL_JOB_FAILURE_OUTPUT: failureOutput }),
      job.root,
    );
    expect(res.stdout).toContain('with zuul-ts');
    expect(res.code).toBe(0);
    expect(res.stdout.split('\n')).toContain('RESULT failure');
    expect(await reg.client.listTags(repo)).toEqual(['latest']);
    expect((await reg.client.headManifest(`${repo}:latest`))?.digest).toBe(image.digest);
    const log = readFileSync(job.jobOutput, 'utf8');
    expect(log).toContain('TASK [promote-container-image : promote-container-image]');
    expect(log).toContain('localhost | changed');
    expect(log).toMatch(
      /localhost \| Early failure in job, matched regex "registry\\\.\(\?P<op>delete\)-tag/,
    );
    expect(log).not.toContain(PASSWORD);
  });

  test('a playbook with shell goes to Debian ansible-playbook; its container role still runs through zuul-ts', async () => {
    const repo = `${reg.server.host}/org/exec-dispatch-${process.pid}`;
    const image = await pushTestImage(reg.client, `${repo}:change_1234_latest`);
    const job = promoteJob(repo);
    const marker = join(job.root, 'work', 'marker');
    const pb = job.writePlaybook(
      'mixed.yaml',
      [
        '- hosts: localhost',
        '  tasks:',
        '    - name: Ordinary Ansible',
        `      shell: echo "{{ zuul.change }}" > ${marker}`,
        '    - include_role:',
        '        name: promote-container-image',
        '',
      ].join('\n'),
    );
    const bin = zuulTsOnPath(job.root);
    const env = job.env({ PATH: `${bin}:${process.env.PATH ?? ''}` });
    const res = await runExecutor(job.argv(pb, { trusted: true }), env, job.root);
    expect(res.stdout).toMatch(
      /zuul-ts: .*mixed\.yaml goes to \/usr\/bin\/ansible-playbook: .*shell/,
    );
    expect(res.code).toBe(0);
    expect(readFileSync(marker, 'utf8')).toBe('1234\n');
    expect(await reg.client.listTags(repo)).toEqual(['latest']);
    expect((await reg.client.headManifest(`${repo}:latest`))?.digest).toBe(image.digest);
    expect(res.stdout + res.stderr).not.toContain(PASSWORD);
  });
});
