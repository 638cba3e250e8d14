/** Dry runs: the exact operation plan, computed without an engine or a registry. */
import type { Vars } from '@zuul-ts/role-kit';
import { createRoleContext } from '@zuul-ts/role-kit';
import { baseVars, makeNode, role } from './fixture';

const FILES = { 'img/Dockerfile': 'FROM scratch\nCOPY f.txt /f.txt\n', 'img/f.txt': 'x' };

async function plan(engine: 'docker' | 'podman', extra: Vars) {
  const ctx = createRoleContext({
    roleName: 'build-container-image',
    vars: baseVars(makeNode(FILES), engine, extra),
    dryRun: true,
    onLog: () => undefined,
  });
  await role.run(ctx);
  return ctx.operations;
}

test.each([
  [
    'IPv4 buildset registry: final tags tagged + pushed, prefixed tags only local',
    'podman' as const,
    { host: '127.0.0.1', port: 1, username: 'zuul', password: 'sekrit-pw' },
    { repository: 'quay.io/org/dry', tags: ['latest', 'v1'] },
    [
      'engine.build quay.io/org/dry:latest',
      'engine.tag 127.0.0.1:1/quay.io/org/dry:latest',
      'engine.push 127.0.0.1:1/quay.io/org/dry:latest',
      'engine.tag 127.0.0.1:1/quay.io/org/dry:v1',
      'engine.push 127.0.0.1:1/quay.io/org/dry:v1',
    ],
  ],
  [
    'IPv6 buildset registry: the zuul-jobs alias, docker.io stored un-namespaced',
    'docker' as const,
    { host: '2001:db8::5', port: 5000, username: 'zuul', password: 'sekrit-pw' },
    { repository: 'docker.io/org/app', tags: ['v1'] },
    [
      'engine.build docker.io/org/app:v1',
      'engine.tag zuul-jobs.buildset-registry:5000/org/app:v1',
      'engine.push zuul-jobs.buildset-registry:5000/org/app:v1',
    ],
  ],
])('%s', async (_name, engine, buildset, image, expected) => {
  const ops = await plan(engine, {
    buildset_registry: buildset,
    container_images: [{ context: 'img', ...image }],
  });
  expect(ops.map((o) => `${o.kind} ${o.target}`)).toEqual(expected);
  expect(JSON.stringify(ops)).not.toContain('sekrit-pw');
});

test('the build operation lists every local tag; docker builds with host networking, podman default', async () => {
  const images = [{ context: 'img', repository: 'quay.io/org/dry', tags: ['latest', 'v1'] }];
  const [docker] = await plan('docker', { container_images: images });
  const [podman] = await plan('podman', { container_images: images });
  expect(docker.detail?.tags).toEqual([
    'quay.io/org/dry:latest',
    'quay.io/org/dry:v1',
    'quay.io/org/dry:change_12345_latest',
    'quay.io/org/dry:change_12345_v1',
  ]);
  expect(docker.detail?.networkMode).toBe('host');
  expect(podman.detail?.networkMode).toBeUndefined();
});

test('the engine endpoint comes from the host variable container_engine_host', async () => {
  const ctx = createRoleContext({
    roleName: 'build-container-image',
    vars: baseVars(makeNode(FILES), 'podman', {
      container_images: [{ context: 'img', repository: 'quay.io/org/x' }],
    }),
    host: { name: 'node', vars: { container_engine_host: 'unix:///nonexistent/engine.sock' } },
    onLog: () => undefined,
  });
  await expect(role.run(ctx)).rejects.toThrow(
    'cannot reach the container engine at unix:///nonexistent/engine.sock',
  );
  expect(ctx.operations).toEqual([]);
});

test('multi-arch dry run without a buildset registry plans against the temporary registry', async () => {
  const ops = await plan('podman', {
    container_images: [
      { context: 'img', repository: 'quay.io/org/multi', arch: ['linux/amd64', 'linux/arm64'] },
    ],
  });
  expect(
    ops.map(
      (o) => `${o.kind} ${o.target}${o.detail?.platform ? ` ${String(o.detail.platform)}` : ''}`,
    ),
  ).toEqual([
    'engine.build temporary-registry/quay.io/org/multi:latest linux/amd64',
    'engine.push temporary-registry/quay.io/org/multi:latest',
    'engine.build temporary-registry/quay.io/org/multi:latest linux/arm64',
    'engine.push temporary-registry/quay.io/org/multi:latest',
    'registry.put-index temporary-registry/quay.io/org/multi:latest',
    'engine.tag quay.io/org/multi:latest linux/amd64',
    'engine.tag quay.io/org/multi:change_12345_latest linux/amd64',
    // every platform's image kept locally for upload-container-image.
    'engine.tag quay.io/org/multi:zuul-ts-arch.linux-amd64.latest linux/amd64',
    'engine.tag quay.io/org/multi:zuul-ts-arch.linux-arm64.latest linux/arm64',
    'engine.untag temporary-registry/quay.io/org/multi:latest',
  ]);
});
