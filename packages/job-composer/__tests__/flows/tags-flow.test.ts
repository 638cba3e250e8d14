import { dryThenReal } from './helpers';
import { expectFullIndex, normalizeUploadTemporary } from './multiarch';
import { useSampleFlow } from './suite';

jest.setTimeout(300000);

/**
 * Mode 1, promotion via tags, on examples/sample-project through
 * `zuul-ts run-pipeline`: check builds, gate pushes only change_<N>_<tag>, promote retags and
 * removes the change tags, release pushes the final tags directly. Each step first runs as
 * --dry-run; its plan must list the operations the real run then performs.
 */
describe('flow 1: promotion via tags', () => {
  const flow = useSampleFlow({
    name: 'flow1',
    project: 'sample/tags',
    localTags: ['latest', '1.0', 'change_7_latest', 'change_7_1.0', 'tag_latest', 'tag_1.0'],
  });

  test('check → gate → promote leaves exactly the final tags at the gated digests; tag pushes final tags', async () => {
    const { final, engine, common, app, base, tags } = flow;
    const digest = async (ref: string) => (await final.client.headManifest(ref))?.digest;
    const change = ['--change', '7', '--patchset', '1'];

    const check = await dryThenReal(['check', ...common, ...change], normalizeUploadTemporary);
    expect(check.real.stderr).not.toContain('ERROR');
    expect(check.real.code).toBe(0);
    expect(check.real.summary.jobs.map((j) => [j.job, j.result])).toEqual([
      ['sample-build-images', 'SUCCESS'],
    ]);
    expect(await tags(app)).toEqual([]);
    expect(await tags(base)).toEqual([]);
    expect(await engine.inspect(`${app}:change_7_latest`)).toBeDefined();

    const gate = await dryThenReal(['gate', ...common, ...change], normalizeUploadTemporary);
    expect(gate.real.code).toBe(0);
    expect(await tags(app)).toEqual(['change_7_1.0', 'change_7_latest']);
    expect(await tags(base)).toEqual(['change_7_latest']);
    const gated = {
      appLatest: await digest(`${app}:change_7_latest`),
      app10: await digest(`${app}:change_7_1.0`),
      base: await digest(`${base}:change_7_latest`),
    };
    expect(gated.appLatest).toMatch(/^sha256:/);
    // the gate upload (no buildset registry) carries the whole two-platform index.
    expect(await expectFullIndex(final.client, `${base}:change_7_latest`)).toBe(gated.base);

    const promote = await dryThenReal(['promote', ...common, ...change]);
    expect(promote.real.code).toBe(0);
    expect(await tags(app)).toEqual(['1.0', 'latest']);
    expect(await tags(base)).toEqual(['latest']);
    expect(await digest(`${app}:latest`)).toBe(gated.appLatest);
    expect(await digest(`${app}:1.0`)).toBe(gated.app10);
    expect(await digest(`${base}:latest`)).toBe(gated.base);
    await expectFullIndex(final.client, `${base}:latest`);

    // tag pipeline: upload_container_image_promote false pushes the final tags directly.
    const release = await dryThenReal(
      ['tag', ...common, '--tag', 'v2.0'],
      normalizeUploadTemporary,
    );
    expect(release.real.code).toBe(0);
    expect(await tags(app)).toEqual(['1.0', 'latest']);
    expect(await tags(base)).toEqual(['latest']);
    // The release upload (final tags) is the full index too, and no temporary tag is left.
    await expectFullIndex(final.client, `${base}:latest`);
    const local = await engine.inspect(`${app}:latest`);
    expect(local?.repoDigests?.some((d: string) => d.endsWith(`@${gated.appLatest ?? ''}`))).toBe(
      false,
    );
  });
});
