import { ContainerEngine } from '@zuul-ts/engine';
import type { Vars } from '@zuul-ts/job-composer';
import { RegistryClient } from '@zuul-ts/registry';
import { startFaultProxy, startRegistry } from '@zuul-ts/testing';
import type { FaultProxy, RegistryServer } from '@zuul-ts/testing';
import { randomBytes } from 'node:crypto';
import { buildLocal, runUpload as run, zuul } from './helpers';

jest.setTimeout(180000);

// Scenario 17: transient registry failures during the push. Faults are injected on the
// manifest PUT (the last step of a push), counted by request number: deterministic.
describe.each([undefined, 'docker'] as const)('container_command %s', (command) => {
  // undefined: B2, the role defaults to podman like zuul-jobs' build role.
  const kind = command ?? 'podman';
  let registry: RegistryServer;
  let proxy: FaultProxy;
  let engine: ContainerEngine;
  let client: RegistryClient;
  const localRefs: string[] = [];

  beforeAll(async () => {
    registry = await startRegistry({ flavour: 'plain' });
    proxy = await startFaultProxy({ target: registry.url });
    engine = await ContainerEngine.connect({ kind });
    client = new RegistryClient();
  });
  afterAll(async () => {
    for (const ref of localRefs) await engine.remove(ref, { force: true });
    client.close();
    await proxy.stop();
    await registry.stop();
  });

  async function built(host = proxy.host): Promise<string> {
    const repo = `${host}/org/retry-${process.pid}-${randomBytes(3).toString('hex')}`;
    localRefs.push(`${repo}:change_12345_latest`);
    await buildLocal(engine, [`${repo}:change_12345_latest`]);
    return repo;
  }

  const vars = (repo: string): Vars => ({
    zuul,
    ...(command ? { container_command: command } : {}),
    container_images: [{ repository: repo, registry: proxy.host, tags: ['latest'] }],
    container_registry_credentials: {
      [proxy.host]: { username: 'zuul-user', password: 'retry-test-password' },
    },
  });

  test('push fails twice, then succeeds', async () => {
    const repo = await built();
    proxy.setFaults([
      { method: 'PUT', kind: 'manifest', requests: [1, 2], fault: { type: 'status', status: 500 } },
    ]);
    const { error, ctx } = await run(vars(repo));
    expect(error).toBeUndefined();
    expect(ctx.operations[0]).toMatchObject({ kind: 'engine.push', detail: { engine: kind } });
    expect(
      ctx.logs.filter((l) => l.level === 'warn' && /attempt [12]\/4 failed/.test(l.message)),
    ).toHaveLength(2);
    expect(proxy.stats().faults.total).toBe(2);
    expect(await client.listTags(`${registry.host}/${repo.slice(proxy.host.length + 1)}`)).toEqual([
      'change_12345_latest',
    ]);
  });

  test('wrong credentials are not retried', async () => {
    const secured = await startRegistry({ flavour: 'tls-auth' });
    try {
      const repo = await built(secured.host);
      const { error, ctx } = await run({
        ...vars(repo),
        container_images: [{ repository: repo, registry: secured.host, tags: ['latest'] }],
        container_registry_credentials: {
          [secured.host]: { username: 'zuul', password: 'definitely-wrong-password' },
        },
      });
      expect(error?.message).toMatch(/unauthori[sz]ed|authentication required/i);
      expect(ctx.logs.filter((l) => /attempt \d\/4 failed/.test(l.message))).toEqual([]);
    } finally {
      await secured.stop();
    }
  });

  test('push fails four times: the role fails, nothing is tagged', async () => {
    const repo = await built();
    proxy.setFaults([{ method: 'PUT', kind: 'manifest', fault: { type: 'status', status: 500 } }]);
    const { error, ctx } = await run(vars(repo));
    expect(error?.message).toMatch(/push .*change_12345_latest/);
    expect(
      ctx.logs.filter((l) => l.level === 'warn' && /attempt \d\/4 failed/.test(l.message)),
    ).toHaveLength(3);
    proxy.setFaults([]);
    expect(
      await client
        .listTags(`${registry.host}/${repo.slice(proxy.host.length + 1)}`)
        .catch(() => []),
    ).toEqual([]);
  });
});
