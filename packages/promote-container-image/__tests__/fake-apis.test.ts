import { startFakeZuulApi } from '@zuul-ts/testing';
import type { FakeBuild } from '@zuul-ts/testing';
import { callApi } from '../src/http-api';
import { buildsQueryUrl, newestSuccessfulBuild } from '../src/intermediate-method';

// The local Zuul builds API answers like zuul-web: exact and fuzzy
// filters, newest first, limit/skip. The promote query is built exactly as zuul-jobs' default.
const b = (
  id: number,
  job: string,
  result: string,
  change: number,
  pipeline = 'gate',
): FakeBuild => ({
  _id: id,
  uuid: `u${id}`,
  job_name: job,
  result,
  pipeline,
  artifacts: [],
  ref: { project: 'org/app', change, patchset: '1' },
});

test('filters, wildcard, ordering and limit of the local builds API', async () => {
  const api = await startFakeZuulApi('t', [
    b(1, 'build-app', 'SUCCESS', 5),
    b(2, 'build-app', 'FAILURE', 5),
    b(3, 'build-lib', 'SUCCESS', 5),
    b(4, 'build-app', 'SUCCESS', 6),
    b(5, 'build-app', 'SUCCESS', 5, 'check'),
  ]);
  try {
    const get = async (q: string) =>
      ((await callApi({ url: `${api.tenantUrl}/builds?${q}` })).body as FakeBuild[]).map(
        (x) => x._id,
      );
    expect(await get('change=5&job_name=build-app&pipeline=gate')).toEqual([2, 1]);
    expect(await get('change=5&job_name=build-*')).toEqual([5, 3, 2, 1]);
    expect(await get('change=5&change=6&result=SUCCESS&limit=2')).toEqual([5, 4]);
    expect(await get('job_name=build-app&skip=1&limit=2')).toEqual([4, 2]);
    const url = buildsQueryUrl({
      zuul: { change: '5', patchset: '1' },
      promote_container_image_api: api.tenantUrl,
      promote_container_image_pipeline: 'gate',
      promote_container_image_job: 'build-app',
    });
    expect(url).toBe(
      `${api.tenantUrl}/builds?change=5&patchset=1&pipeline=gate&job_name=build-app`,
    );
    expect(newestSuccessfulBuild((await callApi({ url })).body)?.uuid).toBe('u1');
  } finally {
    await api.stop();
  }
});

test('an explicit promote_container_image_query is used verbatim', () => {
  expect(
    buildsQueryUrl({
      promote_container_image_api: 'https://z/api/tenant/t/',
      promote_container_image_query: 'uuid=abc',
    }),
  ).toBe('https://z/api/tenant/t/builds?uuid=abc');
});
