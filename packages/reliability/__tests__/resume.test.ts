import { ContainerEngine } from '@zuul-ts/engine';
import type { RegistryClient } from '@zuul-ts/registry';
import {
  pushTestIndex,
  registryClientFor,
  startFaultProxy,
  startRegistry,
  type FaultProxy,
  type RegistryServer,
} from '@zuul-ts/testing';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { blobUploads } from '../src';
import { run, uniq, useProxiedRegistry, useSuite, zuulVars } from './harness';
import {
  privateDockerName,
  removePrivateDocker,
  startPrivateDocker,
  stopPrivateDocker,
} from './private-docker';

jest.setTimeout(240000);

// Issue 8 "Faults": a registry killed mid-copy and a Docker Engine restarted between build and
// upload. Both jobs fail with a clear message; rerunning the same job completes, does not
// redo finished work, and gives the result of a clean run.
const { scanner, summary } = useSuite('resume');
const PASSWORD = 'resume-secret-4d1e8b';
beforeAll(() => scanner.addCredential('zuul', PASSWORD));

describe('registry process killed mid-copy (push-to-intermediate-registry)', () => {
  let bsr: RegistryServer;
  let bsrClient: RegistryClient;
  let ir: RegistryServer;
  let irClient: RegistryClient;
  let proxy: FaultProxy;
  beforeAll(async () => {
    [bsr, ir] = await Promise.all([startRegistry(), startRegistry()]);
    bsrClient = registryClientFor(bsr);
    irClient = registryClientFor(ir);
    proxy = await startFaultProxy({ target: ir.url });
  });
  afterAll(async () => {
    bsrClient.close();
    irClient.close();
    await proxy.stop();
    await Promise.all([bsr.stop(), ir.stop()]);
  });

  test('rerun completes, skips blobs already stored (HEAD), result equals the source', async () => {
    const name = `quay.io/${uniq('resume')}`;
    const index = await pushTestIndex(bsrClient, `${bsr.host}/${name}:latest`, undefined, {
      layers: 3,
      layerSize: 200_000,
    });
    const blobs = index.children.flatMap((c) => [
      (c.manifest as { config: { digest: string } }).config.digest,
      ...c.layers.map((l) => l.digest),
    ]);
    const vars = {
      zuul: zuulVars({ build: 'b7' }),
      zuul_success: true,
      buildset_registry: { host: '127.0.0.1', port: bsr.port },
      intermediate_registry: {
        host: '127.0.0.1',
        port: proxy.port,
        username: 'zuul',
        password: PASSWORD,
      },
      container_images: [
        { context: 'img', repository: name, registry: 'quay.io', tags: ['latest'] },
      ],
    };
    // The first manifest PUT (a child's, sent once all its blobs are stored) kills the
    // registry; the request itself is held so that it reaches a dead registry.
    let killed: Promise<void> | undefined;
    proxy.reset();
    proxy.setFaults([
      {
        method: 'PUT',
        kind: 'manifest',
        times: 1,
        fault: { type: 'delay', ms: 1500 },
        match: () => {
          killed ??= ir.kill();
          return true;
        },
      },
    ]);
    const first = await run(scanner, 'push-to-intermediate-registry', vars);
    proxy.setFaults([]);
    expect(killed).toBeDefined();
    await killed;
    expect(first.ok).toBe(false);
    expect(first.error?.message).toContain(`127.0.0.1:${proxy.port}`);
    const firstUploads = blobUploads(proxy);

    await ir.restart();
    const present: string[] = [];
    // A blob whose link the kill left half-written answers HEAD with 500: not stored.
    for (const b of blobs)
      if (await irClient.headBlob(`${ir.host}/${name}`, b).catch(() => undefined)) present.push(b);
    expect(present.length).toBeGreaterThan(0);

    proxy.reset();
    const second = await run(scanner, 'push-to-intermediate-registry', vars);
    expect(second.error).toBeUndefined();
    const rerunUploads = blobUploads(proxy);
    // Exactly the missing blobs were uploaded again; the stored ones were found by HEAD.
    expect(rerunUploads).toBe(blobs.length - present.length);
    const got = await irClient.getManifest(`${ir.host}/${name}:b7_latest`);
    expect(got.digest).toBe(index.digest);
    expect(got.bytes.equals(index.bytes)).toBe(true);
    for (const b of blobs) expect(await irClient.headBlob(`${ir.host}/${name}`, b)).toBeTruthy();
    summary.record({
      section: 'Resumable runs',
      case: 'registry killed mid-copy, restarted, job rerun',
      cases: 1,
      faultsInjected: 1,
      jobsCompleted: 1,
      jobsFailedCleanly: 1,
      tagsLost: 0,
      note: `${blobs.length} blobs; first run uploaded ${firstUploads}, ${present.length} found stored after restart, rerun uploaded ${rerunUploads}`,
    });
  });
  test('a blob link left half-written by a kill (HEAD answers 500) is uploaded again', async () => {
    // What a kill between distribution writing a blob and its repository link can leave: an
    // empty link file. The rerun must not trust (or fail on) the HEAD: it re-uploads the blob.
    const name = `quay.io/${uniq('torn')}`;
    const index = await pushTestIndex(bsrClient, `${bsr.host}/${name}:latest`);
    const child = index.children[0];
    const torn = child.layers[0].digest;
    const link = join(
      ir.storageDir,
      'docker',
      'registry',
      'v2',
      'repositories',
      name,
      '_layers',
      'sha256',
      torn.slice(7),
      'link',
    );
    mkdirSync(dirname(link), { recursive: true });
    writeFileSync(link, '');
    await expect(irClient.headBlob(`${ir.host}/${name}`, torn)).rejects.toThrow(/HTTP 5\d\d/);
    proxy.reset();
    const res = await run(scanner, 'push-to-intermediate-registry', {
      zuul: zuulVars({ build: 'b8' }),
      zuul_success: true,
      buildset_registry: { host: '127.0.0.1', port: bsr.port },
      intermediate_registry: {
        host: '127.0.0.1',
        port: proxy.port,
        username: 'zuul',
        password: PASSWORD,
      },
      container_images: [
        { context: 'img', repository: name, registry: 'quay.io', tags: ['latest'] },
      ],
    });
    expect(res.error).toBeUndefined();
    expect(await irClient.headBlob(`${ir.host}/${name}`, torn)).toBeTruthy();
    expect((await irClient.headManifest(`${ir.host}/${name}:b8_latest`))?.digest).toBe(
      index.digest,
    );
    summary.record({
      section: 'Resumable runs',
      case: 'blob link left empty by a kill (HEAD 500): rerun re-uploads it',
      cases: 1,
      faultsInjected: 1,
      jobsCompleted: 1,
      tagsLost: 0,
      note: `${blobUploads(proxy)} blob uploads`,
    });
  });
});

describe('Docker Engine restarted between build and upload', () => {
  const env = useProxiedRegistry(9);
  const NAME = privateDockerName('rel-restart');
  let host: string;
  let saved: string | undefined;
  beforeAll(() => {
    saved = process.env.DOCKER_HOST;
    host = startPrivateDocker(NAME);
    process.env.DOCKER_HOST = host;
  });
  afterAll(() => {
    process.env.DOCKER_HOST = saved;
    removePrivateDocker(NAME); // the suite leaves no daemon behind
  });

  test('the upload fails with a clear error while the engine is down; the rerun succeeds', async () => {
    const repo = `${env.proxy.host}/${uniq('restart')}`;
    const engine = await ContainerEngine.connect({ kind: 'docker', endpoint: host });
    const dir = mkdtempSync(join(tmpdir(), 'zuul-ts-rel-'));
    let imageId: string;
    try {
      copyFileSync('/bin/busybox', join(dir, 'busybox'));
      writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nCOPY busybox /bin/busybox\n');
      ({ imageId } = await engine.build({
        contextDir: dir,
        dockerfile: join(dir, 'Dockerfile'),
        tags: [`${repo}:change_12345_latest`],
      }));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const vars = {
      zuul: zuulVars(),
      container_command: 'docker',
      container_images: [{ repository: repo, registry: env.proxy.host, tags: ['latest'] }],
      container_registry_credentials: {
        [env.proxy.host]: { username: 'zuul', password: PASSWORD },
      },
    };
    stopPrivateDocker(NAME);
    env.proxy.reset();
    const down = await run(scanner, 'upload-container-image', vars);
    expect(down.ok).toBe(false);
    // The message names the engine endpoint it could not reach.
    expect(down.error?.message).toContain(host.replace(/^unix:\/\//, ''));
    expect(env.proxy.stats().byMethodKind['PUT manifest'] ?? 0).toBe(0);

    startPrivateDocker(NAME);
    const again = await run(scanner, 'upload-container-image', vars);
    expect(again.error).toBeUndefined();
    const directRepo = repo.replace(env.proxy.host, env.registry.host);
    const m = await env.direct.getManifest(`${directRepo}:change_12345_latest`);
    expect((JSON.parse(m.bytes.toString()) as { config: { digest: string } }).config.digest).toBe(
      imageId,
    );
    summary.record({
      section: 'Resumable runs',
      case: 'Docker Engine stopped between build and upload, started, job rerun',
      cases: 1,
      jobsCompleted: 1,
      jobsFailedCleanly: 1,
      tagsLost: 0,
      note: (down.error?.message ?? '').split('\n')[0].slice(0, 160),
    });
  });
});
