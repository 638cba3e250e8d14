import type { RoleDefinition } from '@zuul-ts/role-kit';
import { registerRole, runJob, unregisterRole } from '../../src';
import { cli, jsonLines } from '../cli/helpers';
import { appJob, appJobArgv, useRecorder, tree, type Seen } from './helpers';

/**
 * Zuul's retries: a pre-run failure makes the
 * attempt RETRY and the job runs again with `zuul.attempts` + 1, up to `attempts` (default 3),
 * then RETRY_LIMIT; `zuul.retry: false` returned by the playbooks makes it a plain FAILURE.
 * Post playbooks see `zuul_will_retry`.
 */
const CONFIG = `
- job:
    name: retry-base
    nodeset: {nodes: []}
    pre-run: playbooks/pre.yaml
    run: playbooks/run.yaml
    post-run: playbooks/post.yaml
    vars:
      rec_attempt: "{{ zuul.attempts }}"
      rec_max: "{{ zuul.max_attempts }}"
- job:
    name: retry-flaky
    parent: retry-base
- job:
    name: retry-twice
    parent: retry-base
    attempts: 2
    vars:
      flaky_failures: 99
- job:
    name: retry-disabled
    parent: retry-base
    vars:
      flaky_failures: 99
      flaky_no_retry: true
`;

const PLAYBOOKS = {
  'app/playbooks/pre.yaml': `
- hosts: localhost
  tasks:
    - name: Tell Zuul not to retry
      zuul_return:
        data:
          zuul:
            retry: false
      when: flaky_no_retry | default(false)
    - include_role:
        name: flaky-pre
`,
  'app/playbooks/run.yaml': `
- hosts: localhost
  roles:
    - recorder
`,
  'app/playbooks/post.yaml': `
- hosts: localhost
  roles:
    - role: post-recorder
      rec_will_retry: "{{ zuul_will_retry }}"
      rec_success: "{{ zuul_success }}"
`,
};

/** Test-only pre-run role: fails its first `flaky_failures` (default 1) runs. */
function flakyRole(calls: number[]): RoleDefinition {
  return {
    name: 'flaky-pre',
    schema: { type: 'object' },
    async run(ctx) {
      calls.push(Number(ctx.vars.rec_attempt));
      const failures = Number(ctx.vars.flaky_failures ?? 1);
      if (calls.length <= failures) throw new Error(`flaky pre-run failure ${calls.length}`);
      return { summary: 'pre ok' };
    },
  };
}

describe('RETRY: a pre-run failure re-runs the job up to attempts', () => {
  let calls: number[];
  let run: Seen[];
  let post: Seen[];
  beforeEach(() => {
    calls = [];
    registerRole(flakyRole(calls));
    run = useRecorder('recorder');
    post = useRecorder('post-recorder');
  });
  afterEach(() => ['flaky-pre', 'recorder', 'post-recorder'].forEach(unregisterRole));
  const job = (name: string, dir: string) => runJob(appJob(name, { dir, pipeline: 'check' }));

  test('failing the first time: RETRY, then SUCCESS on attempt 2 with zuul.attempts 2', async () => {
    const dir = tree({ 'app/zuul.yaml': CONFIG, ...PLAYBOOKS });
    const res = await job('retry-flaky', dir);
    expect(res.result).toBe('SUCCESS');
    expect(res.ok).toBe(true);
    expect(res.maxAttempts).toBe(3);
    expect(res.attempts.map((a) => [a.attempt, a.result])).toEqual([
      [1, 'RETRY'],
      [2, 'SUCCESS'],
    ]);
    expect(res.attempts[0].error).toContain('flaky pre-run failure 1');
    // Each attempt is a build of its own.
    expect(res.attempts[0].build).not.toBe(res.attempts[1].build);
    expect(calls).toEqual([1, 2]);
    // The run phase ran once, in the second attempt.
    expect(run.map((s) => [String(s.vars.rec_attempt), String(s.vars.rec_max)])).toEqual([
      ['2', '3'],
    ]);
    // Post-run ran in both attempts: the first knew a retry would follow ('True'/'False'
    // extra vars render to native booleans, 7.1).
    expect(post.map((s) => [s.vars.rec_will_retry, s.vars.rec_success])).toEqual([
      [true, false],
      [false, true],
    ]);
    expect(res.zuul.attempts).toBe(2);
  });

  test('failing every time: RETRY until attempts (2), then RETRY_LIMIT; exit 1', async () => {
    const dir = tree({ 'app/zuul.yaml': CONFIG, ...PLAYBOOKS });
    const res = await job('retry-twice', dir);
    expect(res.result).toBe('RETRY_LIMIT');
    expect(res.ok).toBe(false);
    expect(res.attempts.map((a) => a.result)).toEqual(['RETRY', 'RETRY_LIMIT']);
    expect(run).toEqual([]);
    expect(post.map((s) => s.vars.rec_will_retry)).toEqual([true, false]);

    const out = await cli([...appJobArgv('retry-twice', { dir, pipeline: 'check' }), '--json']);
    expect(out.code).toBe(1);
    expect(jsonLines(out.stdout).find((e) => e.phase === 'result')).toMatchObject({
      result: 'RETRY_LIMIT',
      attempts: [
        { attempt: 1, result: 'RETRY' },
        { attempt: 2, result: 'RETRY_LIMIT' },
      ],
    });
  });

  test('zuul.retry: false returned by the pre-run: FAILURE without retry', async () => {
    const dir = tree({ 'app/zuul.yaml': CONFIG, ...PLAYBOOKS });
    const res = await job('retry-disabled', dir);
    expect(res.result).toBe('FAILURE');
    expect(res.attempts.map((a) => a.result)).toEqual(['FAILURE']);
    expect(calls).toEqual([1]);
    expect(post.map((s) => s.vars.rec_will_retry)).toEqual([false]);
  });
});
