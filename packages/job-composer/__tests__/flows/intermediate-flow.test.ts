import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContainerEngine } from '@zuul-ts/engine';
import { RegistryClient } from '@zuul-ts/registry';
import { freePort, startRegistry, type RegistryServer } from '@zuul-ts/testing';
import { readBuilds } from '../../src/results';
import {
  EXAMPLES,
  dryThenReal,
  prepareSampleProject,
  removeDir,
  startFinalRegistry,
  writeSiteFiles,
  type FinalRegistry,
} from './helpers';
import { expectFullIndex, localPlatformRefs } from './multiarch';

jest.setTimeout(300000);

/** Build UUIDs differ between the dry run and the real run (`<build>_<tag>` tags). */
const normalizeBuilds = (ops: string[]) => ops.map((o) => o.replace(/[0-9a-f]{32}_/g, '<build>_'));

/**
 * Mode 2, promotion via the intermediate registry: the
 * site's buildset registry job (a real TLS+htpasswd docker-registry started by
 * run-buildset-registry, paused while the build runs) and the build/upload jobs' trusted
 * post-run push-to-intermediate-registry; promote copies the gate build's artifacts, found
 * through the builds API run-pipeline serves from its records. The final registry never sees
 * a change tag.
 */
describe('flow 2: promotion via the intermediate registry', () => {
  let final: FinalRegistry;
  let ir: RegistryServer;
  let irClient: RegistryClient;
  let engine: ContainerEngine;
  let project: string;
  let work: string;
  let common: string[];
  let ns: string;
  let app: string;
  let base: string;

  beforeAll(async () => {
    final = await startFinalRegistry();
    ir = await startRegistry({ flavour: 'plain' });
    irClient = new RegistryClient();
    engine = await ContainerEngine.connect({ kind: 'docker' });
    project = prepareSampleProject();
    work = mkdtempSync(join(tmpdir(), 'zts-flow2-'));
    ns = `flow2-${randomBytes(4).toString('hex')}`;
    app = `${final.host}/${ns}/app`;
    base = `${final.host}/${ns}/base`;
    const { secrets, vars } = writeSiteFiles(
      work,
      final,
      ns,
      {
        buildset_registry_port: await freePort(),
        buildset_registry_root: join(work, 'buildset_registry'),
      },
      ir,
    );
    common = [
      '--project-dir',
      project,
      '--project',
      'sample/intermediate',
      '--site-config',
      join(EXAMPLES, 'site-config', 'zuul.d'),
      '--state-dir',
      join(work, 'state'),
      '--secrets',
      secrets,
      '-e',
      `@${vars}`,
      '--change',
      '8',
      '--patchset',
      '2',
    ];
  });

  afterAll(async () => {
    for (const repo of [app, base])
      for (const tag of ['latest', '1.0', 'change_8_latest', 'change_8_1.0'])
        await engine.remove(`${repo}:${tag}`, { force: true }).catch(() => undefined);
    for (const ref of localPlatformRefs(base, ['latest']))
      await engine.remove(ref, { force: true }).catch(() => undefined);
    irClient.close();
    await ir.stop();
    await final.stop();
    removeDir(project);
    removeDir(work);
  });

  const finalTags = async (repo: string) => ((await final.client.listTags(repo)) ?? []).sort();
  const irRepo = (repo: string) => `${ir.host}/${repo}`;
  const irTags = async (repo: string) => ((await irClient.listTags(irRepo(repo))) ?? []).sort();

  test('check and gate go through the intermediate registry; promote copies the gate artifacts', async () => {
    const check = await dryThenReal(['check', ...common], normalizeBuilds);
    expect(check.real.summary.jobs.map((j) => [j.job, j.result])).toEqual([
      ['site-buildset-registry', 'SUCCESS'],
      ['sample-ir-build-images', 'SUCCESS'],
    ]);
    const checkBuild = check.real.summary.jobs[1].build!;
    // secret_data identifiers (buildset/intermediate host and port) are not masked in output.
    expect(check.real.operations.join('\n')).toContain(`registry.copy ${ir.host}/`);
    expect(await irTags(app)).toEqual([`${checkBuild}_1.0`, `${checkBuild}_latest`]);
    expect(await irTags(base)).toEqual([`${checkBuild}_latest`]);
    expect(await finalTags(app)).toEqual([]);

    const gate = await dryThenReal(['gate', ...common], normalizeBuilds);
    const gateBuild = gate.real.summary.jobs[1].build!;
    expect(gate.real.summary.jobs[1]).toMatchObject({
      job: 'sample-ir-upload-images',
      result: 'SUCCESS',
    });
    expect(await finalTags(app)).toEqual([]);
    expect(await finalTags(base)).toEqual([]);
    // The gate build's artifacts are recorded for promote.
    const record = readBuilds(join(work, 'state', 'builds.jsonl')).find(
      (b) => b.uuid === gateBuild,
    );
    expect(record).toMatchObject({
      job_name: 'sample-ir-upload-images',
      pipeline: 'gate',
      change: '8',
      result: 'SUCCESS',
    });
    expect(record!.artifacts!.map((a) => a.url).sort()).toEqual(
      [
        `docker://${irRepo(app)}:${gateBuild}_1.0`,
        `docker://${irRepo(app)}:${gateBuild}_latest`,
        `docker://${irRepo(base)}:${gateBuild}_latest`,
      ].sort(),
    );
    expect(record!.artifacts![0].metadata).toMatchObject({ type: 'container_image' });
    const gated = {
      appLatest: (await irClient.headManifest(`${irRepo(app)}:${gateBuild}_latest`))!.digest,
      app10: (await irClient.headManifest(`${irRepo(app)}:${gateBuild}_1.0`))!.digest,
      base: (await irClient.headManifest(`${irRepo(base)}:${gateBuild}_latest`))!.digest,
    };

    const promote = await dryThenReal(['promote', ...common]);
    expect(promote.real.summary.jobs.map((j) => [j.job, j.result])).toEqual([
      ['sample-ir-promote-images', 'SUCCESS'],
    ]);
    expect(await finalTags(app)).toEqual(['1.0', 'latest']);
    expect(await finalTags(base)).toEqual(['latest']);
    expect((await final.client.headManifest(`${app}:latest`))!.digest).toBe(gated.appLatest);
    expect((await final.client.headManifest(`${app}:1.0`))!.digest).toBe(gated.app10);
    const baseHead = await final.client.headManifest(`${base}:latest`);
    expect(baseHead!.digest).toBe(gated.base);
    // The two-platform image arrives whole (an index over exactly both platforms).
    expect(await expectFullIndex(final.client, `${base}:latest`)).toBe(gated.base);

    // Nothing secret stays in the state dir: no registry password in any file, and the
    // results files (which held the buildset registry's secret_data) keep `data` only.
    const files = readdirSync(join(work, 'state'), { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => join(d.parentPath ?? d.path, d.name));
    expect(files.filter((f) => f.endsWith('results.json')).length).toBeGreaterThanOrEqual(4);
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      expect(text).not.toContain(final.registry.password!);
      if (f.endsWith('results.json') && text.trim())
        expect((JSON.parse(text) as { secret_data?: object }).secret_data ?? {}).toEqual({});
    }
  });
});
