import { join } from 'node:path';
import {
  BuildsQueryError,
  appendBuild,
  buildsQuery,
  readBuilds,
  type BuildRecord,
} from '../../src/results';
import { tree } from '../config/helpers';
import { image } from './helpers';

/** The gate build fields of org/app's app-upload job for change 12345,3. */
const APP_UPLOAD_12345_3 = {
  job_name: 'app-upload',
  pipeline: 'gate',
  project: 'org/app',
  change: '12345',
  patchset: '3',
  branch: 'main',
};

const RECORDS: BuildRecord[] = [
  {
    uuid: 'b1',
    ...APP_UPLOAD_12345_3,
    ref: 'refs/changes/45/12345/3',
    result: 'SUCCESS',
    start_time: '2025-08-01T10:00:00Z',
    end_time: '2025-08-01T10:12:30Z',
    artifacts: [image],
    buildset: 'bs1',
    nodeset: 'ubuntu-noble',
    ref_url: 'https://review.example.org/12345',
    provides: ['images'],
    log_url: 'https://logs/b1/',
  },
  {
    uuid: 'b2',
    ...APP_UPLOAD_12345_3,
    result: 'FAILURE',
    start_time: '2025-08-01T11:00:00Z',
    end_time: '2025-08-01T11:01:00Z',
    artifacts: [{ name: 'log', url: 'https://logs/x' }],
  },
  {
    uuid: 'b3',
    job_name: 'app-build',
    pipeline: 'check',
    project: 'org/app',
    change: 12345,
    patchset: '4',
    branch: 'main',
    result: 'SUCCESS',
  },
  {
    uuid: 'b4',
    job_name: 'lib-upload',
    pipeline: 'gate',
    project: 'org/lib',
    change: '99',
    patchset: '1',
    result: null,
    start_time: '2025-08-01T12:00:00Z',
  },
  {
    uuid: 'b5',
    job_name: 'app-upload',
    pipeline: 'tag',
    project: 'org/app',
    ref: 'refs/tags/v1',
    newrev: 'abc',
    result: 'SUCCESS',
  },
];

function store() {
  const file = join(tree({}), 'builds.jsonl');
  for (const r of RECORDS) appendBuild(file, r);
  return readBuilds(file);
}

describe('buildsQuery', () => {
  const builds = store();

  test.each([
    ['no filter: newest first', {}, ['b5', 'b4', 'b3', 'b2', 'b1']],
    [
      'promote intermediate query',
      { change: '12345', patchset: '3', pipeline: 'gate', job_name: 'app-upload' },
      ['b2', 'b1'],
    ],
    ['change compares as a number', { change: 12345 }, ['b3', 'b2', 'b1']],
    ['result exact', { result: 'SUCCESS' }, ['b5', 'b3', 'b1']],
    [
      'repeated parameter = any of',
      new URLSearchParams('job_name=app-build&job_name=lib-upload'),
      ['b4', 'b3'],
    ],
    ['fuzzy * wildcard', { job_name: '*-upload' }, ['b5', 'b4', 'b2', 'b1']],
    ['fuzzy without * is exact', { project: 'org' }, []],
    ['project wildcard', { project: 'org/*' }, ['b5', 'b4', 'b3', 'b2', 'b1']],
    ['complete=true: result not null', { complete: 'true' }, ['b5', 'b3', 'b2', 'b1']],
    ['complete=false: running', { complete: false }, ['b4']],
    [
      'exclude_result (running builds never match NOT IN)',
      { exclude_result: ['FAILURE'] },
      ['b5', 'b3', 'b1'],
    ],
    ['ref and newrev exact', { ref: 'refs/tags/v1', newrev: 'abc' }, ['b5']],
    ['uuid', { uuid: 'b3' }, ['b3']],
    ['limit and skip', { limit: 2, skip: 1 }, ['b4', 'b3']],
    ['idx bounds on the row id', { idx_min: 2, idx_max: 3 }, ['b3', 'b2']],
  ])('%s', (_name, params, uuids) => {
    expect(buildsQuery(builds, params).map((b) => b.uuid)).toEqual(uuids);
  });

  test('the build object has the current upstream shape', () => {
    const [b1] = buildsQuery(builds, { uuid: 'b1' });
    expect(b1).toEqual({
      _id: 1,
      uuid: 'b1',
      job_name: 'app-upload',
      result: 'SUCCESS',
      held: false,
      start_time: '2025-08-01T10:00:00',
      end_time: '2025-08-01T10:12:30',
      duration: 750,
      voting: true,
      log_url: 'https://logs/b1/',
      nodeset: 'ubuntu-noble',
      error_detail: null,
      final: true,
      artifacts: [image],
      provides: [{ name: 'images' }],
      ref: {
        project: 'org/app',
        branch: 'main',
        change: 12345,
        patchset: '3',
        ref: 'refs/changes/45/12345/3',
        oldrev: null,
        newrev: null,
        ref_url: 'https://review.example.org/12345',
      },
      pipeline: 'gate',
      event_id: null,
      event_timestamp: null,
      buildset: { uuid: 'bs1' },
    });
    const [b5] = buildsQuery(builds, { uuid: 'b5' });
    expect(b5.ref).toMatchObject({
      change: null,
      patchset: null,
      branch: null,
      ref: 'refs/tags/v1',
      newrev: 'abc',
    });
    expect(b5.duration).toBeNull();
    expect(buildsQuery(builds, { uuid: 'b2' })[0].artifacts).toEqual([
      { name: 'log', url: 'https://logs/x' },
    ]);
  });

  test('non-integer idx/limit is a 400 error', () => {
    expect(() => buildsQuery(builds, { idx_min: 'x' })).toThrow(BuildsQueryError);
    expect(() => buildsQuery(builds, { limit: '5a' })).toThrow('limit must be an integer');
  });

  test('a corrupt store line is an error naming file and line', () => {
    const dir = tree({
      'builds.jsonl':
        '{"uuid":"a","job_name":"j","pipeline":"p","project":"x","result":null}\nnot json\n',
    });
    expect(() => readBuilds(join(dir, 'builds.jsonl'))).toThrow(
      `${join(dir, 'builds.jsonl')}:2: not a JSON build record`,
    );
  });
});
