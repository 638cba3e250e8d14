import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ContainerEngine } from '@zuul-ts/engine';
import { SITE_PIPELINES, nonceImageContext, useRegistry } from '@zuul-ts/testing';
import { cli, jsonLines } from '../cli/helpers';

jest.setTimeout(240000);

/**
 * End to end through `zuul-ts run-job` with the REAL built-in roles, the real playbook stubs,
 * the private dockerd and a real docker-registry: check builds, gate uploads only the change
 * tag, promote moves it to the final tag and removes the change tag (promotion via tags).
 */
describe('container image flow: check → gate → promote with the built-in roles', () => {
  const reg = useRegistry('plain');
  let engine: ContainerEngine;
  const localRefs: string[] = [];

  beforeAll(async () => {
    engine = await ContainerEngine.connect({ kind: 'docker' });
  });
  afterAll(async () => {
    for (const ref of localRefs) await engine.remove(ref, { force: true }).catch(() => undefined);
  });

  test('run-job drives build, upload and promote', async () => {
    const repo = `${reg.server.host}/org/e2e-${process.pid}-${randomBytes(3).toString('hex')}`;
    const project = nonceImageContext('zts-e2e-');
    mkdirSync(join(project, 'zuul.d'));
    writeFileSync(
      join(project, 'zuul.d', 'jobs.yaml'),
      `
- secret:
    name: e2e-registry
    data:
      ${reg.server.host}:
        username: zuul
        password: e2e-Password-not-checked
- job:
    name: e2e-build
    parent: build-container-image
    vars: &vars
      container_command: docker
      container_images: &images
        - context: .
          repository: ${repo}
          registry: ${reg.server.host}
          tags: [latest]
- job:
    name: e2e-upload
    parent: upload-container-image
    vars: *vars
    secrets:
      - name: container_registry_credentials
        secret: e2e-registry
        pass-to-parent: true
- job:
    name: e2e-promote
    parent: promote-container-image
    vars: *vars
    secrets:
      - name: container_registry_credentials
        secret: e2e-registry
        pass-to-parent: true
`,
    );
    localRefs.push(`${repo}:latest`, `${repo}:change_42_latest`);
    const common = [
      '--project-dir',
      project,
      '--project',
      'org/e2e',
      '--change',
      '42',
      '--patchset',
      '1',
      // The site's pipelines: gate and promote are post-review (jobs with secrets run there).
      '--site-config',
      SITE_PIPELINES,
      '--json',
    ];

    const check = await cli(['run-job', 'e2e-build', ...common, '--pipeline', 'check']);
    expect(check.stderr).not.toContain('ERROR');
    expect(check.code).toBe(0);
    const built = await engine.inspect(`${repo}:change_42_latest`);
    expect(built).toBeDefined();
    expect((await engine.inspect(`${repo}:latest`))?.id).toBe(built?.id);
    expect(await reg.client.headManifest(`${repo}:change_42_latest`)).toBeUndefined();

    const gate = await cli(['run-job', 'e2e-upload', ...common, '--pipeline', 'gate']);
    expect(gate.stderr).not.toContain('ERROR');
    expect(gate.code).toBe(0);
    expect(await reg.client.listTags(repo)).toEqual(['change_42_latest']);
    const pushed = await reg.client.headManifest(`${repo}:change_42_latest`);
    const events = jsonLines(gate.stdout);
    expect(
      events.filter((e) => e.kind === 'role' && e.phase === 'end').map((e) => [e.name, e.status]),
    ).toEqual([
      ['build-container-image', 'ok'],
      ['upload-container-image', 'ok'],
    ]);
    expect(gate.stdout + gate.stderr).not.toContain('e2e-Password-not-checked');

    const promote = await cli(['run-job', 'e2e-promote', ...common, '--pipeline', 'promote']);
    expect(promote.stderr).not.toContain('ERROR');
    expect(promote.code).toBe(0);
    expect(await reg.client.listTags(repo)).toEqual(['latest']);
    expect((await reg.client.headManifest(`${repo}:latest`))?.digest).toBe(pushed?.digest);
    const result = jsonLines(promote.stdout).find((e) => e.kind === 'job' && e.phase === 'result');
    expect(result).toMatchObject({ result: 'SUCCESS' });
  });
});
