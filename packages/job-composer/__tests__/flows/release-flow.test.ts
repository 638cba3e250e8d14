import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dumpYaml11 as dump } from '@zuul-ts/templating';
import { dryThenReal, runPipelineCli } from './helpers';
import { expectFullIndex, normalizeUploadTemporary } from './multiarch';
import { useSampleFlow } from './suite';

jest.setTimeout(300000);

/**
 * Mode 3, full release: check and gate only build; the post-merge
 * `post` pipeline (a branch item, no change) rebuilds and pushes the final tags. Also: a
 * failing job is reported, its dependents are not run, and run-pipeline exits 1.
 */
describe('flow 3: full release', () => {
  const flow = useSampleFlow({
    name: 'flow3',
    project: 'sample/release',
    localTags: ['latest', '1.0', 'change_9_latest', 'change_9_1.0', 'post_latest', 'post_1.0'],
    extraRepositories: (host) => [`${host}/never-pushed/app`, `${host}/never-pushed/base`],
  });

  test('check and gate push nothing; post pushes the final tags of the post build', async () => {
    const { final, engine, common, app, base, tags } = flow;
    const change = ['--change', '9', '--patchset', '1'];
    for (const pipeline of ['check', 'gate']) {
      const step = await dryThenReal([pipeline, ...common, ...change], normalizeUploadTemporary);
      expect(step.real.summary.jobs.map((j) => [j.job, j.result])).toEqual([
        ['sample-build-images', 'SUCCESS'],
      ]);
      expect(step.real.operations.some((o) => o.startsWith(`engine.push ${final.host}/`))).toBe(
        false,
      );
      expect(await tags(app)).toEqual([]);
      expect(await tags(base)).toEqual([]);
    }

    const post = await dryThenReal(
      ['post', ...common, '--branch', 'main'],
      normalizeUploadTemporary,
    );
    expect(post.real.summary.jobs.map((j) => [j.job, j.result])).toEqual([
      ['sample-release-images', 'SUCCESS'],
    ]);
    expect(await tags(app)).toEqual(['1.0', 'latest']);
    expect(await tags(base)).toEqual(['latest']);
    // the post upload carries the whole two-platform index.
    await expectFullIndex(final.client, `${base}:latest`);
    // The final tag is the image the post build made (tagged post_latest locally: no change).
    const local = await engine.inspect(`${app}:post_latest`);
    const pushed = await final.client.headManifest(`${app}:latest`);
    expect(local?.repoDigests?.some((d) => d === `${app}@${pushed!.digest}`)).toBe(true);
  });

  test('a failing job fails the pipeline with exit 1 and pushes nothing', async () => {
    const { final, work, common, tags } = flow;
    // The registry refuses the credentials: the upload (post-run) fails at run time.
    const wrong = join(work, 'wrong-secrets.yaml');
    writeFileSync(
      wrong,
      dump({
        'sample-registry-credentials': {
          [final.host]: { username: final.registry.username, password: 'wrong-Password-123' },
        },
      }),
      { mode: 0o600 },
    );
    const broken = await runPipelineCli([
      'post',
      ...common.filter((a, i) => a !== '--secrets' && common[i - 1] !== '--secrets'),
      '--secrets',
      wrong,
      '--branch',
      'main',
      '-e',
      'sample_namespace=never-pushed',
    ]);
    expect(broken.code).toBe(1);
    expect(broken.summary.result).toBe('FAILURE');
    expect(broken.summary.jobs[0]).toMatchObject({
      job: 'sample-release-images',
      result: 'POST_FAILURE',
    });
    expect(broken.stdout + broken.stderr).not.toContain('wrong-Password-123');
    expect(await tags(`${final.host}/never-pushed/app`)).toEqual([]);
  });
});
