import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dumpYaml11 as dump } from '@zuul-ts/templating';
import { ContainerEngine } from '@zuul-ts/engine';
import { freePort } from '@zuul-ts/testing';
import {
  EXAMPLES,
  REPO_ROOT,
  removeDir,
  runPipelineCli,
  startFinalRegistry,
  type FinalRegistry,
} from './helpers';

jest.setTimeout(300000);

const infra = (...args: string[]) =>
  execFileSync('bash', [join(REPO_ROOT, 'scripts', 'infra.sh'), ...args], { encoding: 'utf8' });

/** `RootFS.Layers` (diff IDs) of an image, straight from the Engine API. */
function layers(socket: string, ref: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    request({ socketPath: socket, path: `/images/${encodeURIComponent(ref)}/json` }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => {
        if (res.statusCode !== 200) return reject(new Error(`${ref}: ${res.statusCode} ${body}`));
        resolve((JSON.parse(body) as { RootFS: { Layers: string[] } }).RootFS.Layers);
      });
    })
      .on('error', reject)
      .end();
  });
}

/**
 * Two build nodes, each with its own Docker Engine (the private dockerd and a second one
 * started for this suite): roles on `hosts: all` build on every node, the upload role pushes
 * from the first node only, and an image one job built on node1 and pushed to the buildset
 * registry is the FROM base of a build on node2, which pulls it from there.
 */
describe('two build nodes', () => {
  let final: FinalRegistry;
  let node1: string;
  let node2: string;
  let e1: ContainerEngine;
  let e2: ContainerEngine;
  let project: string;
  let work: string;
  let app: string;
  let base: string;

  beforeAll(async () => {
    node1 = process.env.DOCKER_HOST!;
    node2 = infra('start-docker', 'docker-node2').trim().split('\n').pop()!;
    e1 = await ContainerEngine.connect({ kind: 'docker', endpoint: node1 });
    e2 = await ContainerEngine.connect({ kind: 'docker', endpoint: node2 });
    final = await startFinalRegistry();
    work = mkdtempSync(join(tmpdir(), 'zts-2nodes-'));
    project = join(work, 'project');
    const ns = `nodes-${randomBytes(4).toString('hex')}`;
    app = `${final.host}/${ns}/app`;
    base = `${final.host}/${ns}/base`;
    for (const [dir, dockerfile] of [
      ['base', 'FROM scratch\nCOPY nonce /base-nonce\nCOPY busybox /bin/busybox\n'],
      ['app', 'ARG BASE\nFROM ${BASE}\nCOPY nonce /app-nonce\n'],
    ]) {
      mkdirSync(join(project, dir), { recursive: true });
      copyFileSync('/bin/busybox', join(project, dir, 'busybox'));
      writeFileSync(join(project, dir, 'nonce'), randomBytes(8).toString('hex'));
      writeFileSync(join(project, dir, 'Dockerfile'), dockerfile);
    }
    const bsrPort = await freePort();
    const image = (ctx: string, repository: string, extra = {}) => ({
      context: ctx,
      registry: final.host,
      repository,
      tags: ['latest'],
      ...extra,
    });
    mkdirSync(join(project, 'zuul.d'));
    writeFileSync(
      join(project, 'zuul.d', 'jobs.yaml'),
      dump([
        {
          secret: {
            name: 'final-creds',
            data: {
              [final.host]: {
                username: final.registry.username,
                password: final.registry.password,
              },
            },
          },
        },
        {
          nodeset: {
            name: 'two-nodes',
            nodes: [
              { name: 'node1', label: 'local' },
              { name: 'node2', label: 'local' },
            ],
          },
        },
        { job: { name: 'nodes-registry', parent: 'site-buildset-registry' } },
        {
          job: {
            name: 'nodes-base',
            parent: 'build-container-image',
            dependencies: ['nodes-registry'],
            'host-vars': { 'ubuntu-noble': { container_engine_host: node1 } },
            vars: { container_command: 'docker', container_images: [image('base', base)] },
          },
        },
        {
          job: {
            name: 'nodes-app',
            parent: 'upload-container-image',
            nodeset: 'two-nodes',
            dependencies: ['nodes-registry', 'nodes-base'],
            'host-vars': {
              node1: { container_engine_host: node1 },
              node2: { container_engine_host: node2 },
            },
            vars: {
              container_command: 'docker',
              container_registry_ca: { [final.host]: final.registry.ca },
              container_images: [
                image('app', app, {
                  // The speculative base, by its buildset registry name. (A template over
                  // buildset_registry here fails the runner's pre-job variable check, which
                  // runs without parent secret_data; the port is fixed by this suite.)
                  build_args: [`BASE=127.0.0.1:${bsrPort}/${base}:latest`],
                }),
              ],
            },
            secrets: [
              {
                name: 'container_registry_credentials',
                secret: 'final-creds',
                'pass-to-parent': true,
              },
            ],
          },
        },
        {
          project: {
            name: 'two/nodes',
            gate: { jobs: ['nodes-registry', 'nodes-base', 'nodes-app'] },
          },
        },
      ]),
    );
    writeFileSync(
      join(work, 'secrets.yaml'),
      dump({
        'site-intermediate-registry': {
          host: '127.0.0.1',
          port: 9,
          username: 'u',
          password: 'unused-here',
        },
      }),
      { mode: 0o600 },
    );
    writeFileSync(
      join(work, 'vars.yaml'),
      dump({
        buildset_registry_port: bsrPort,
        buildset_registry_root: join(work, 'buildset_registry'),
      }),
    );
  });

  afterAll(async () => {
    for (const e of [e1, e2])
      for (const ref of [
        `${app}:latest`,
        `${app}:change_5_latest`,
        `${base}:latest`,
        `${base}:change_5_latest`,
      ])
        await e?.remove(ref, { force: true }).catch(() => undefined);
    await final?.stop();
    infra('stop-docker', 'docker-node2');
    removeDir(work);
  });

  test('build on every node, upload from the first, speculative base pulled on the other node', async () => {
    const run = await runPipelineCli([
      'gate',
      '--project-dir',
      project,
      '--project',
      'two/nodes',
      '--site-config',
      join(EXAMPLES, 'site-config', 'zuul.d'),
      '--state-dir',
      join(work, 'state'),
      '--secrets',
      join(work, 'secrets.yaml'),
      '-e',
      `@${join(work, 'vars.yaml')}`,
      '--change',
      '5',
      '--patchset',
      '1',
    ]);
    if (run.code !== 0) console.log(run.summary.jobs.map((j) => j.error).join('\n'));
    expect(run.stderr).not.toContain('ERROR');
    expect(run.summary.jobs.map((j) => [j.job, j.result])).toEqual([
      ['nodes-registry', 'SUCCESS'],
      ['nodes-base', 'SUCCESS'],
      ['nodes-app', 'SUCCESS'],
    ]);
    // Built on both engines; the base only on node1 (its job has one node).
    const app1 = await e1.inspect(`${app}:change_5_latest`);
    const app2 = await e2.inspect(`${app}:change_5_latest`);
    expect(app1).toBeDefined();
    expect(app2).toBeDefined();
    expect(await e2.inspect(`${base}:latest`)).toBeUndefined();
    // node2 pulled the speculative base from the buildset registry; app = base layers + 1.
    const node2Socket = node2.replace(/^unix:\/\//, '');
    const baseLayers = await layers(node1.replace(/^unix:\/\//, ''), `${base}:latest`);
    const appLayers = await layers(node2Socket, `${app}:change_5_latest`);
    expect(appLayers.slice(0, baseLayers.length)).toEqual(baseLayers);
    expect(appLayers).toHaveLength(baseLayers.length + 1);
    // Uploaded once, from node1: the registry digest is node1's push, node2 never pushed.
    expect(await final.client.listTags(app)).toEqual(['change_5_latest']);
    const pushed = await final.client.headManifest(`${app}:change_5_latest`);
    expect(app1!.repoDigests).toContain(`${app}@${pushed!.digest}`);
    expect(app2!.repoDigests.filter((d) => d.startsWith(`${app}@`))).toEqual([]);
  });
});
