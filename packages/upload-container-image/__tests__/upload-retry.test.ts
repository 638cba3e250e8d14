import type { Vars } from '@zuul-ts/role-kit';
import { startRegistry } from '@zuul-ts/testing';
import { randomBytes } from 'node:crypto';
import { buildLocal, runUpload as run, useUploadSuite, zuul } from './helpers';

jest.setTimeout(180000);

// Transient registry failures during the push. Faults are injected on the
// manifest PUT (the last step of a push), counted by request number: deterministic.
describe.each([undefined, 'docker'] as const)('container_command %s', (command) => {
  // undefined: the role defaults to podman like zuul-jobs' build role.
  const kind = command ?? 'podman';
  const s = useUploadSuite(kind, 'plain', { proxy: true });

  async function built(host = s.proxy.host): Promise<string> {
    const repo = `${host}/org/retry-${process.pid}-${randomBytes(3).toString('hex')}`;
    s.localRefs.push(`${repo}:change_12345_latest`);
    await buildLocal(s.engine, [`${repo}:change_12345_latest`]);
    return repo;
  }

  const vars = (repo: string): Vars => ({
    zuul,
    ...(command ? { container_command: command } : {}),
    container_images: [{ repository: repo, registry: s.proxy.host, tags: ['latest'] }],
    container_registry_credentials: {
      [s.proxy.host]: { username: 'zuul-user', password: 'retry-test-password' },
    },
  });

  test('push fails twice, then succeeds', async () => {
    const repo = await built();
    s.proxy.setFaults([
      { method: 'PUT', kind: 'manifest', requests: [1, 2], fault: { type: 'status', status: 500 } },
    ]);
    const { error, ctx } = await run(vars(repo));
    expect(error).toBeUndefined();
    expect(ctx.operations[0]).toMatchObject({ kind: 'engine.push', detail: { engine: kind } });
    expect(
      ctx.logs.filter((l) => l.level === 'warn' && /attempt [12]\/4 failed/.test(l.message)),
    ).toHaveLength(2);
    expect(s.proxy.stats().faults.total).toBe(2);
    expect(
      await s.client.listTags(`${s.registry.host}/${repo.slice(s.proxy.host.length + 1)}`),
    ).toEqual(['change_12345_latest']);
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
    s.proxy.setFaults([
      { method: 'PUT', kind: 'manifest', fault: { type: 'status', status: 500 } },
    ]);
    const { error, ctx } = await run(vars(repo));
    expect(error?.message).toMatch(/push .*change_12345_latest/);
    expect(
      ctx.logs.filter((l) => l.level === 'warn' && /attempt \d\/4 failed/.test(l.message)),
    ).toHaveLength(3);
    s.proxy.setFaults([]);
    expect(
      await s.client
        .listTags(`${s.registry.host}/${repo.slice(s.proxy.host.length + 1)}`)
        .catch(() => []),
    ).toEqual([]);
  });
});
