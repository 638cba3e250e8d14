import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ResultsError,
  appendBuild,
  artifactsFromApiBuilds,
  fetchBuilds,
  loadArtifactsFile,
  startBuildsApiServer,
  type BuildRecord,
  type BuildsApiServer,
} from '../../src/results';
import { tree } from '../config/helpers';
import { image } from './helpers';

/** A successful gate build of org/app's app-upload job for change 7,1. */
const gateUpload = (
  uuid: string,
  artifacts: BuildRecord['artifacts'],
  buildset: string,
): BuildRecord => ({
  uuid,
  job_name: 'app-upload',
  pipeline: 'gate',
  project: 'org/app',
  change: '7',
  patchset: '1',
  branch: 'main',
  result: 'SUCCESS',
  artifacts,
  buildset,
});

describe('local builds API over the build-record store', () => {
  let server: BuildsApiServer;
  let store: string;
  beforeAll(async () => {
    store = join(tree({}), 'builds.jsonl');
    appendBuild(store, gateUpload('old', [{ ...image, url: 'docker://ir:5000/old' }], 'bs0'));
    appendBuild(store, gateUpload('new', [image], 'bs1'));
    appendBuild(store, {
      uuid: 'other',
      job_name: 'app-build',
      pipeline: 'check',
      project: 'org/app',
      change: '7',
      patchset: '1',
      result: 'SUCCESS',
    });
    server = await startBuildsApiServer(store, 'local');
  });
  afterAll(() => server.stop());

  test("promote's intermediate query gets the newest matching build first, then its artifacts", async () => {
    const builds = await fetchBuilds(server.tenantUrl, {
      change: 7,
      patchset: 1,
      pipeline: 'gate',
      job_name: 'app-upload',
    });
    expect(builds.map((b) => b.uuid)).toEqual(['new', 'old']);
    expect(artifactsFromApiBuilds([builds[0]])).toEqual([
      {
        ...image,
        project: 'org/app',
        job: 'app-upload',
        change: '7',
        patchset: '1',
        branch: 'main',
      },
    ]);
  });

  test('builds appended after start are served (store re-read per request)', async () => {
    appendBuild(store, {
      uuid: 'later',
      job_name: 'late',
      pipeline: 'gate',
      project: 'org/app',
      result: null,
    });
    expect((await fetchBuilds(server.tenantUrl, { job_name: 'late' })).map((b) => b.uuid)).toEqual([
      'later',
    ]);
  });

  test('/build/{uuid} adds buildset.refs; unknown tenant/build 404; bad integer 400', async () => {
    const one = (await (await fetch(`${server.tenantUrl}/build/new`)).json()) as {
      buildset: { uuid: string; refs: unknown[] };
    };
    expect(one.buildset).toEqual({
      uuid: 'bs1',
      refs: [expect.objectContaining({ project: 'org/app', change: 7 })],
    });
    expect((await fetch(`${server.url}/api/tenant/nope/builds`)).status).toBe(404);
    expect((await fetch(`${server.tenantUrl}/build/missing`)).status).toBe(404);
    expect((await fetch(`${server.tenantUrl}/builds?idx_min=x`)).status).toBe(400);
    await expect(fetchBuilds(`${server.url}/api/tenant/nope`, {})).rejects.toThrow(/HTTP 404/);
  });
});

describe('artifacts files and API shapes', () => {
  test('old flat build shape and tag refs', () => {
    expect(
      artifactsFromApiBuilds([
        {
          job_name: 'j',
          project: 'org/a',
          change: 5,
          patchset: '2',
          branch: 'main',
          artifacts: [{ name: 'n', url: 'u' }],
        },
        {
          job_name: 't',
          ref: { project: 'org/a', change: null, ref: 'refs/tags/v1', newrev: 'abc' },
          artifacts: [{ name: 'x', url: 'y' }],
        },
      ]),
    ).toEqual([
      {
        name: 'n',
        url: 'u',
        project: 'org/a',
        job: 'j',
        change: '5',
        patchset: '2',
        branch: 'main',
      },
      { name: 'x', url: 'y', project: 'org/a', job: 't', ref: 'refs/tags/v1', newrev: 'abc' },
    ]);
  });

  test.each([
    ['a list of artifacts', [image], [image]],
    ['{artifacts: [...]}', { artifacts: [image] }, [image]],
    [
      'a builds API answer: newest build only',
      [
        { job_name: 'u', ref: { project: 'p', change: 1, patchset: '1' }, artifacts: [image] },
        { job_name: 'u', artifacts: [{ name: 'old', url: 'o' }] },
      ],
      [{ ...image, project: 'p', job: 'u', change: '1', patchset: '1' }],
    ],
  ])('loadArtifactsFile: %s', (_name, content, expected) => {
    const file = join(tree({}), 'a.json');
    writeFileSync(file, JSON.stringify(content));
    expect(loadArtifactsFile(file)).toEqual(expected);
  });

  test('loadArtifactsFile errors name the file', () => {
    const dir = tree({ 'bad.json': '{', 'wrong.json': '[{"name": 1}]' });
    expect(() => loadArtifactsFile(join(dir, 'bad.json'))).toThrow(ResultsError);
    expect(() => loadArtifactsFile(join(dir, 'bad.json'))).toThrow(
      `${join(dir, 'bad.json')}: not a JSON artifacts file`,
    );
    expect(() => loadArtifactsFile(join(dir, 'wrong.json'))).toThrow(
      `${join(dir, 'wrong.json')}: artifacts[0] needs string name and url`,
    );
  });
});
