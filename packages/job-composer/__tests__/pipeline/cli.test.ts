import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main';
import { appendBuild } from '../../src/results';
import { cli } from '../cli/helpers';

const EXAMPLES = resolve(__dirname, '../../../../examples');

describe('zuul-ts run-pipeline / serve-builds command line', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'zts-pipeline-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('usage errors exit 2', async () => {
    expect((await cli(['run-pipeline', 'check'])).code).toBe(2);
    expect((await cli(['run-pipeline', '--project-dir', dir])).code).toBe(2);
    const r = await cli(['run-pipeline', 'gate', '--project-dir', dir, '--change', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--change needs --patchset');
  });

  test('a secret no job can get fails before any job runs (exit 2), nothing recorded', async () => {
    const r = await cli([
      'run-pipeline',
      'gate',
      '--project-dir',
      join(EXAMPLES, 'sample-project'),
      '--project',
      'sample/tags',
      '--site-config',
      join(EXAMPLES, 'site-config', 'zuul.d'),
      '--state-dir',
      join(dir, 'state'),
      '--change',
      '1',
      '--patchset',
      '1',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('needs secret sample-registry-credentials');
    expect(r.stdout).toBe('');
  });

  test('serve-builds serves the recorded builds as the builds API until stopped', async () => {
    const state = join(dir, 'state');
    appendBuild(join(state, 'builds.jsonl'), {
      uuid: 'a'.repeat(32),
      job_name: 'sample-upload-images',
      pipeline: 'gate',
      project: 'sample/tags',
      change: '7',
      patchset: '1',
      result: 'SUCCESS',
      artifacts: [
        { name: 'x:latest', url: 'docker://r/x:b_latest', metadata: { type: 'container_image' } },
      ],
    });
    const stop = new AbortController();
    let announce!: (url: string) => void;
    const announced = new Promise<string>((r) => (announce = r));
    const done = main(['serve-builds', '--state-dir', state, '--tenant', 't1'], {
      stdout: (s) => announce(s.trim()),
      stderr: () => undefined,
      stdin: () => '',
      signal: stop.signal,
    });
    const url = await announced;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/tenant\/t1$/);
    const res = await fetch(`${url}/builds?change=7&pipeline=gate&job_name=sample-upload-images`);
    const builds = (await res.json()) as Record<string, unknown>[];
    expect(builds).toHaveLength(1);
    expect(builds[0]).toMatchObject({
      uuid: 'a'.repeat(32),
      result: 'SUCCESS',
      ref: { project: 'sample/tags', change: 7, patchset: '1' },
      artifacts: [{ name: 'x:latest', url: 'docker://r/x:b_latest' }],
    });
    stop.abort();
    expect(await done).toBe(0);
  });
});
