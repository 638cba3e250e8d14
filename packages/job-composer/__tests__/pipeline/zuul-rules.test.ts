import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SITE_PIPELINES } from '@zuul-ts/testing';
import type { ConfigSource } from '../../src/config';
import { buildsetResult, runPipeline, type PipelineRunResult } from '../../src/pipeline';
import { cli, jsonLines } from '../cli/helpers';
import { tree } from '../config/helpers';

/**
 * The buildset rules of Zuul's pipeline manager, run end to end through runPipeline with small
 * playbooks (debug, fail, zuul_return) on localhost.
 */

const BASE = `
- job:
    name: base
    parent: null
    run: ok.yaml
`;
const PLAYBOOKS = {
  'ok.yaml': '- hosts: localhost\n  tasks:\n    - debug: {msg: ok}\n',
  'fail.yaml': '- hosts: localhost\n  tasks:\n    - fail: {msg: broken}\n',
  'seen.yaml':
    '- hosts: localhost\n  tasks:\n    - zuul_return: {data: {seen: "{{ order | default(\'none\') }}"}}\n',
  'first.yaml': '- hosts: localhost\n  tasks:\n    - zuul_return: {data: {order: first}}\n',
  'second.yaml': '- hosts: localhost\n  tasks:\n    - zuul_return: {data: {order: second}}\n',
  'children-b.yaml':
    '- hosts: localhost\n  tasks:\n    - zuul_return: {data: {zuul: {child_jobs: [b]}}}\n',
  'children-none.yaml':
    '- hosts: localhost\n  tasks:\n    - zuul_return: {data: {zuul: {child_jobs: []}}}\n',
};

let state: string;
beforeEach(() => {
  state = mkdtempSync(join(tmpdir(), 'zts-rules-'));
});
afterEach(() => rmSync(state, { recursive: true, force: true }));

/** Runs `pipeline` for org/app with `project` as its config (plus a trusted base job). */
async function run(project: string, pipeline = 'check'): Promise<PipelineRunResult> {
  const dir = tree({ 'base/zuul.yaml': BASE, 'app/zuul.yaml': project, ...PLAYBOOKS });
  const configSources: ConfigSource[] = [
    { path: SITE_PIPELINES, project: 'site/config', trusted: true },
    { path: join(dir, 'base/zuul.yaml'), project: 'site/base', trusted: true, root: dir },
    { path: join(dir, 'app/zuul.yaml'), project: 'org/app', root: dir },
  ];
  return runPipeline({
    pipeline,
    projectDir: join(dir, 'app'),
    project: 'org/app',
    configSources,
    files: [],
    stateDir: state,
    parallel: false,
  });
}

const results = (r: PipelineRunResult) => Object.fromEntries(r.jobs.map((j) => [j.job, j.result]));

describe("Zuul's buildset rules", () => {
  // QueueItem.didAllJobsSucceed: non-voting jobs are ignored when deciding the result.
  test('didAllJobsSucceed: a failing non-voting job does not fail the buildset', async () => {
    const r = await run(`
- job: {name: lint, run: fail.yaml, voting: false}
- job: {name: unit}
- project: {check: {jobs: [lint, unit]}}
`);
    expect(results(r)).toEqual({ lint: 'FAILURE', unit: 'SUCCESS' });
    expect([r.result, r.ok]).toEqual(['SUCCESS', true]);
  });

  // The same function: a failing voting job fails it.
  test('didAllJobsSucceed: a failing voting job fails the buildset', async () => {
    const r = await run(`
- job: {name: unit, run: fail.yaml}
- project: {check: {jobs: [unit]}}
`);
    expect([r.result, r.ok]).toEqual(['FAILURE', false]);
  });

  // didAllJobsSucceed: "skipping all jobs returns a failure".
  test('didAllJobsSucceed: a buildset whose every job was skipped is a failure', () => {
    const skipped = (job: string) => ({
      job,
      result: 'SKIPPED' as const,
      voting: true,
      artifacts: [],
      operations: [],
    });
    expect(buildsetResult([skipped('a'), skipped('b')])).toBe('FAILURE');
  });

  // The manager reports NO_JOBS when the project has no job in the pipeline for the item.
  test('_reportItem: a project without jobs in the pipeline is reported NO_JOBS', async () => {
    const r = await run(`
- job: {name: unit}
- project: {gate: {jobs: [unit]}}
`);
    expect(r.jobs).toEqual([]);
    expect([r.result, r.ok]).toEqual(['NO_JOBS', true]);
  });
});

describe('Zuul job dependencies and zuul.child_jobs (QueueItem.setResult, findJobsToRun)', () => {
  // setResult: a non-empty child_jobs skips every direct dependent it does not name, soft or
  // hard (and their hard dependents).
  test('setResult: a non-empty child_jobs skips unnamed direct dependents, soft ones too', async () => {
    const r = await run(`
- job: {name: parent, run: children-b.yaml}
- job: {name: b, dependencies: [parent]}
- job: {name: hard, dependencies: [parent]}
- job: {name: soft, dependencies: [{name: parent, soft: true}]}
- job: {name: after-hard, dependencies: [hard]}
- project: {check: {jobs: [parent, b, hard, soft, after-hard]}}
`);
    expect(results(r)).toEqual({
      parent: 'SUCCESS',
      b: 'SUCCESS',
      hard: 'SKIPPED',
      soft: 'SKIPPED',
      'after-hard': 'SKIPPED',
    });
  });

  // setResult: an empty child_jobs skips the dependents reached through hard dependencies only.
  test('setResult: an empty child_jobs skips hard dependents; a soft dependent still runs', async () => {
    const r = await run(`
- job: {name: parent, run: children-none.yaml}
- job: {name: hard, dependencies: [parent]}
- job: {name: soft, dependencies: [{name: parent, soft: true}]}
- project: {check: {jobs: [parent, hard, soft]}}
`);
    expect(results(r)).toEqual({ parent: 'SUCCESS', hard: 'SKIPPED', soft: 'SUCCESS' });
    expect(r.result).toBe('SUCCESS');
  });

  // setResult on failure: every dependent, through soft and hard dependencies, is skipped.
  test('setResult: a failed job skips its soft dependents as well', async () => {
    const r = await run(`
- job: {name: parent, run: fail.yaml, voting: false}
- job: {name: soft, dependencies: [{name: parent, soft: true}]}
- project: {check: {jobs: [parent, soft]}}
`);
    expect(results(r)).toEqual({ parent: 'FAILURE', soft: 'SKIPPED' });
  });

  // JobGraph.freezeDependencies: a soft dependency on a job that does not run is dropped.
  test('freezeDependencies: a soft dependency on a job that is not run is ignored', async () => {
    const r = await run(`
- job: {name: stable-only, branches: ^stable/.*$}
- job: {name: unit, dependencies: [{name: stable-only, soft: true}]}
- project: {check: {jobs: [stable-only, unit]}}
`);
    expect(results(r)).toEqual({ unit: 'SUCCESS' });
  });

  // QueueItem.getJobParentData: parent data is merged over the job graph's order (the
  // project-pipeline listing), a later job's value winning.
  test('getJobParentData: parent data merges in job graph order, not dependency order', async () => {
    const r = await run(`
- job: {name: second, run: second.yaml}
- job: {name: first, run: first.yaml}
- job: {name: child, run: seen.yaml, dependencies: [second, first]}
- project: {check: {jobs: [first, second, child]}}
`);
    expect(r.jobs.map((j) => j.job)).toEqual(['first', 'second', 'child']);
    const child = r.jobs.find((j) => j.job === 'child')!;
    const data = JSON.parse(readFileSync(join(child.jobDir!, 'work', 'results.json'), 'utf8'));
    expect(data.data.seen).toBe('second');
  });
});

describe('zuul-ts run-pipeline item options', () => {
  /** `zuul-ts run-pipeline` with a trusted base (`--site-config`) and the project's config. */
  async function runCli(project: string, ...args: string[]) {
    const dir = tree({ 'site/zuul.yaml': BASE, 'app/zuul.yaml': project, ...PLAYBOOKS });
    for (const pb of Object.keys(PLAYBOOKS))
      writeFileSync(join(dir, 'site', pb), PLAYBOOKS[pb as keyof typeof PLAYBOOKS]);
    return cli([
      'run-pipeline',
      ...args,
      '--project-dir',
      join(dir, 'app'),
      '--project',
      'org/app',
      '--site-config',
      SITE_PIPELINES,
      '--site-config',
      join(dir, 'site', 'zuul.yaml'),
      '--state-dir',
      state,
      '--json',
    ]);
  }
  const pipelineResult = (stdout: string) => jsonLines(stdout).find((e) => e.kind === 'pipeline');

  // Job.changeMatchesFiles with the change's files given on the command line.
  test('--files: an images-only job does not run for a docs change; the buildset is NO_JOBS (exit 0)', async () => {
    const config = `
- job: {name: images, files: ^images/}
- project: {check: {jobs: [images]}}
`;
    const docs = await runCli(config, 'check', '--files', 'docs/a.md,README.md');
    expect([docs.code, pipelineResult(docs.stdout)?.result]).toEqual([0, 'NO_JOBS']);
    const images = await runCli(config, 'check', '--files', 'images/app/Dockerfile');
    expect(pipelineResult(images.stdout)).toMatchObject({
      result: 'SUCCESS',
      jobs: [{ job: 'images', result: 'SUCCESS' }],
    });
  });

  // BranchMatcher on a tag item: the branches given as containing the tagged commit.
  test('--containing-branch: a master-only job runs for a tag on master', async () => {
    const config = `
- job: {name: release, branches: master}
- project: {release: {jobs: [release]}}
`;
    const onMaster = await runCli(
      config,
      'release',
      '--tag',
      'v1',
      '--containing-branch',
      'master',
    );
    expect(pipelineResult(onMaster.stdout)).toMatchObject({
      result: 'SUCCESS',
      jobs: [{ job: 'release', result: 'SUCCESS' }],
    });
    const elsewhere = await runCli(
      config,
      'release',
      '--tag',
      'v1',
      '--containing-branch',
      'other',
    );
    expect(pipelineResult(elsewhere.stdout)?.result).toBe('NO_JOBS');
  });
});
