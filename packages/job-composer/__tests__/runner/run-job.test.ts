import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { registerRole, runJob, unregisterRole } from '../../src';
import { cli, jsonLines } from '../cli/helpers';
import { appJob, appJobArgv, recorderRole, tree, type Seen } from './helpers';

/**
 * A project config with YAML anchors shared by a build, an upload and a promote job (the
 * zuul-jobs parents from jobs/zuul.d), run through the real playbook stubs in
 * jobs/playbooks/container-image with recorder roles standing in for the built-in roles.
 */
const PROJECT_CONFIG = `
- secret:
    name: myproj-registry
    data:
      registry.example:
        username: robot
        password: plain-Secret-42
- job:
    name: myproj-build-image
    parent: build-container-image
    vars: &image_vars
      container_command: docker
      recorder_keys: all
      container_images: &images
        - context: .
          repository: registry.example/org/app
          tags: ['latest', "{{ zuul.pipeline }}-tag"]
- job:
    name: myproj-upload-image
    parent: upload-container-image
    vars: *image_vars
    secrets:
      - name: container_registry_credentials
        secret: myproj-registry
        pass-to-parent: true
- job:
    name: myproj-promote-image
    parent: promote-container-image
    vars:
      recorder_keys: all
      container_images: *images
- job:
    name: myproj-broken-pre
    parent: upload-container-image
    vars:
      container_command: rkt
      recorder_keys: all
# timeout 5 s: generous for the trivial pre.yaml on a loaded machine; the run blocks until aborted.
- job:
    name: myproj-slow
    parent: upload-container-image
    timeout: 5
    vars:
      recorder_keys: [zuul_success, zuul_execution_phase]
      recorder_wait: build-container-image
- job:
    name: myproj-frozen
    parent: upload-container-image
    vars:
      recorder_keys: [rec_tag, rec_secret_user]
      rec_tag: "{{ zuul.pipeline }}-x"
      rec_secret_user: "{{ container_registry_credentials['registry.example'].username }}"
    secrets:
      - name: container_registry_credentials
        secret: myproj-registry
        pass-to-parent: true
- project:
    check: {jobs: [myproj-build-image]}
    gate: {jobs: [myproj-upload-image]}
    promote: {jobs: [myproj-promote-image]}
`;

const ROLES = ['build-container-image', 'upload-container-image', 'promote-container-image'];

describe('run-job', () => {
  // One list for the three recorder roles standing in for the built-in roles.
  let seen: Seen[];
  beforeEach(() => {
    seen = [];
    for (const r of ROLES) registerRole(recorderRole(r, seen));
  });
  afterEach(() => ROLES.forEach(unregisterRole));

  test('build, upload and promote jobs share anchored vars through the real stubs', async () => {
    const dir = tree({ 'app/.zuul.yaml': PROJECT_CONFIG, 'app/Dockerfile': 'FROM scratch\n' });
    const build = await runJob(
      appJob('myproj-build-image', { dir, pipeline: 'check', change: '12', patchset: '3' }),
    );
    expect(build.error).toBeUndefined();
    expect(build.result).toBe('SUCCESS');
    expect(build.playbooks.map((p) => [p.phase, p.path.split('/').pop(), p.status])).toEqual([
      ['pre-run', 'pre.yaml', 'ok'],
      ['run', 'run.yaml', 'ok'],
    ]);
    const upload = await runJob(
      appJob('myproj-upload-image', { dir, pipeline: 'gate', change: '12', patchset: '3' }),
    );
    expect(upload.error).toBeUndefined();
    expect(upload.playbooks.map((p) => p.path.split('/').pop())).toEqual([
      'pre.yaml',
      'run.yaml',
      'upload.yaml',
    ]);
    const promote = await runJob(
      appJob('myproj-promote-image', { dir, pipeline: 'promote', change: '12', patchset: '3' }),
    );
    expect(promote.error).toBeUndefined();

    expect(
      seen.map((s) => [s.role, s.host, (s.vars.zuul as { pipeline: string }).pipeline]),
    ).toEqual([
      ['build-container-image', 'ubuntu-noble', 'check'],
      ['build-container-image', 'ubuntu-noble', 'gate'],
      ['upload-container-image', 'ubuntu-noble', 'gate'],
      ['promote-container-image', 'localhost', 'promote'],
    ]);
    const images = (i: number) => seen[i].vars.container_images;
    expect(images(0)).toEqual([
      { context: '.', repository: 'registry.example/org/app', tags: ['latest', 'check-tag'] },
    ]);
    expect(images(3)).toEqual([
      { context: '.', repository: 'registry.example/org/app', tags: ['latest', 'promote-tag'] },
    ]);
    expect((seen[0].vars.zuul as { change: string }).change).toBe('12');
    expect((seen[0].vars.zuul as { project: { src_dir: string } }).project.src_dir).toBe(
      join(dir, 'app'),
    );
    // pass-to-parent (1.5): the secret reaches every parent playbook (run.yaml and upload.yaml);
    // the build job, which does not declare it, never sees it.
    const creds = { 'registry.example': { username: 'robot', password: 'plain-Secret-42' } };
    expect(seen[2].vars.container_registry_credentials).toEqual(creds);
    expect(seen[1].vars.container_registry_credentials).toEqual(creds);
    expect(seen[0].vars.container_registry_credentials).toBeUndefined();
    expect(seen[2].vars).toMatchObject({ zuul_execution_phase: 'post', zuul_success: 'True' });
    // Secrets never reach files: the per-playbook inventory has no secrets file and no value.
    const inv = readFileSync(
      join(upload.jobDir, 'ansible', 'post_playbook_0', 'inventory.yaml'),
      'utf8',
    );
    expect(inv).not.toContain('plain-Secret-42');
    expect(JSON.stringify(upload.events)).not.toContain('plain-Secret-42');
  });

  test('run-playbook with the inventory Zuul would write gives the same variables as run-job', async () => {
    const dir = tree({ 'app/zuul.d/jobs.yaml': PROJECT_CONFIG });
    const job = await runJob(
      appJob('myproj-build-image', { dir, pipeline: 'check', change: '7', patchset: '1' }),
    );
    expect(job.error).toBeUndefined();
    const fromJob = seen.pop()!;
    const ansible = join(job.jobDir, 'ansible');
    const run = job.frozen.run[0];
    const code = await cli([
      'run-playbook',
      '-v',
      run.path,
      '-i',
      join(ansible, 'playbook_0', 'inventory.yaml'),
      '-e',
      'zuul_execution_phase=run',
      '-e',
      'zuul_execution_phase_index=0',
      '-e',
      `zuul_execution_trusted=${run.trusted ? 'True' : 'False'}`,
      '-e',
      `zuul_execution_canonical_name_and_path=${run.source.project}/${run.name}`,
      '-e',
      'zuul_execution_branch=main',
      '-e',
      `@${join(ansible, 'zuul_vars.yaml')}`,
    ]);
    expect(code.stderr).not.toContain('ERROR');
    expect(code.code).toBe(0);
    const fromPlaybook = seen.pop()!;
    expect(fromPlaybook.vars).toEqual(fromJob.vars);
    expect(fromPlaybook.host).toBe(fromJob.host);
  });

  test('a failing pre-run skips run, is retried up to attempts and reports RETRY_LIMIT; exit 1 from the CLI', async () => {
    const dir = tree({ 'app/.zuul.yaml': PROJECT_CONFIG });
    const res = await runJob(
      appJob('myproj-broken-pre', { dir, pipeline: 'gate', change: '1', patchset: '1' }),
    );
    expect(res.result).toBe('RETRY_LIMIT');
    expect(res.attempts.map((a) => [a.attempt, a.result])).toEqual([
      [1, 'RETRY'],
      [2, 'RETRY'],
      [3, 'RETRY_LIMIT'],
    ]);
    expect(res.failedPhase).toBe('pre-run');
    expect(res.error?.message).toContain('container_command must be docker or podman, got rkt');
    // The upload post-run is at the child's nesting level, deeper than the failed base pre: skipped.
    expect(res.playbooks.map((p) => p.status)).toEqual(['failed', 'skipped', 'skipped']);
    expect(seen).toHaveLength(0);
    const run = await cli([
      ...appJobArgv('myproj-broken-pre', { dir, pipeline: 'gate', change: '1', patchset: '1' }),
      '--json',
    ]);
    expect(run.code).toBe(1);
    expect(jsonLines(run.stdout).find((e) => e.phase === 'result')).toMatchObject({
      result: 'RETRY_LIMIT',
      attempts: [{ result: 'RETRY' }, { result: 'RETRY' }, { result: 'RETRY_LIMIT' }],
    });
  });

  test('a run phase over the job timeout is TIMED_OUT; post-run still runs with zuul_success False', async () => {
    const dir = tree({ 'app/.zuul.yaml': PROJECT_CONFIG });
    const res = await runJob(
      appJob('myproj-slow', { dir, pipeline: 'gate', change: '1', patchset: '1' }),
    );
    expect(res.result).toBe('TIMED_OUT');
    expect(res.error?.message).toContain('timed out after 5 s');
    expect(res.playbooks.map((p) => p.status)).toEqual(['ok', 'failed', 'ok']);
    expect(seen.map((s) => [s.role, s.vars.zuul_execution_phase, s.vars.zuul_success])).toEqual([
      ['build-container-image', 'run', undefined],
      ['upload-container-image', 'post', 'False'],
    ]);
  });

  test('secret-bearing playbooks see frozen job vars: zuul works, a secret reference is undefined (2.5)', async () => {
    const dir = tree({ 'app/.zuul.yaml': PROJECT_CONFIG });
    const res = await runJob(
      appJob('myproj-frozen', { dir, pipeline: 'gate', change: '1', patchset: '1' }),
    );
    expect(res.error).toBeUndefined();
    expect(seen.map((s) => [s.role, s.vars])).toEqual([
      ['build-container-image', { rec_tag: 'gate-x' }],
      ['upload-container-image', { rec_tag: 'gate-x' }],
    ]);
  });

  test('an aborted build is ABORTED and runs no further (non-cleanup) playbooks', async () => {
    const dir = tree({ 'app/.zuul.yaml': PROJECT_CONFIG });
    const controller = new AbortController();
    registerRole({
      name: 'build-container-image',
      schema: { type: 'object' },
      async run(ctx) {
        controller.abort(new Error('operator cancelled'));
        await new Promise((resolve) =>
          ctx.signal.addEventListener('abort', resolve, { once: true }),
        );
        return {};
      },
    });
    const res = await runJob(
      appJob(
        'myproj-upload-image',
        { dir, pipeline: 'gate', change: '1', patchset: '1' },
        { signal: controller.signal },
      ),
    );
    expect(res.result).toBe('ABORTED');
    expect(res.error?.message).toContain('operator cancelled');
    expect(res.playbooks.map((p) => p.status)).toEqual(['ok', 'failed', 'skipped']);
    expect(seen).toHaveLength(0);
  });

  test('configuration errors exit 2: unknown job, pre-review pipeline with secrets, missing secret', async () => {
    const encrypted = `
- secret:
    name: enc
    data:
      password: !encrypted/pkcs1-oaep
        - AAAABBBBCCCC
- job:
    name: needs-enc
    parent: promote-container-image
    run: playbooks/promote.yaml
    secrets: [{name: creds, secret: enc}]
    vars: {recorder_keys: [creds]}
`;
    const dir = tree({
      'app/.zuul.yaml': PROJECT_CONFIG,
      'enc/.zuul.yaml': encrypted,
      'enc/playbooks/promote.yaml': '- hosts: localhost\n  roles: [promote-container-image]\n',
      'secrets.yaml': 'enc: {password: decrypted-Pw-77}\n',
    });
    const check = { dir, pipeline: 'check', change: '1' };
    expect(await cli(appJobArgv('no-such-job', check))).toMatchObject({ code: 2 });
    expect(await cli(appJobArgv('myproj-upload-image', check))).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        'Pre-review pipeline check does not allow post-review job myproj-upload-image',
      ),
    });
    const encArgv = appJobArgv('needs-enc', { dir, app: 'enc', pipeline: 'promote', change: '1' });
    expect(await cli(encArgv)).toMatchObject({
      code: 2,
      stderr: expect.stringContaining(
        'Job needs-enc needs secret enc (encrypted; used by playbooks/promote.yaml) but no value was provided for it',
      ),
    });
    expect(seen).toHaveLength(0);
    const ok = await cli([...encArgv, '--secrets', join(dir, 'secrets.yaml'), '--json']);
    expect(ok.code).toBe(0);
    expect(seen[0].vars.creds).toEqual({ password: 'decrypted-Pw-77' });
    expect(ok.stdout + ok.stderr).not.toContain('decrypted-Pw-77');
  });

  test('run-job --dry-run prints the plan and writes no results', async () => {
    const dir = tree({ 'app/.zuul.yaml': PROJECT_CONFIG });
    const run = await cli([
      ...appJobArgv('myproj-upload-image', { dir, pipeline: 'gate', change: '5', patchset: '2' }),
      '--dry-run',
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      'test.op build-container-image@ubuntu-noble\ntest.op upload-container-image@ubuntu-noble\n',
    );
  });
});
