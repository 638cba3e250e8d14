import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ContainerEngine, dockerodeOptions, resolveEndpoint, splitNameTag } from '@zuul-ts/engine';

test.each([
  ['docker', undefined, { DOCKER_HOST: 'tcp://10.0.0.1:2375' }, 'tcp://10.0.0.1:2375'],
  ['docker', undefined, {}, 'unix:///var/run/docker.sock'],
  ['docker', 'ssh://zuul@node', { DOCKER_HOST: 'unix:///x' }, 'ssh://zuul@node'],
  [
    'podman',
    undefined,
    { CONTAINER_HOST: 'unix:///c.sock', ZUUL_TS_PODMAN_HOST: 'unix:///z.sock' },
    'unix:///c.sock',
  ],
  [
    'podman',
    undefined,
    { ZUUL_TS_PODMAN_HOST: 'unix:///z.sock', DOCKER_HOST: 'unix:///d.sock' },
    'unix:///z.sock',
  ],
] as const)('%s endpoint (explicit %s, env %j) -> %s', (kind, explicit, env, expected) => {
  expect(resolveEndpoint(kind, explicit, env)).toBe(expected);
});

test.each([
  ['unix:///run/podman/podman.sock', {}, { socketPath: '/run/podman/podman.sock' }],
  ['tcp://10.0.0.1:2375', {}, { protocol: 'http', host: '10.0.0.1', port: 2375 }],
  [
    'tcp://10.0.0.1',
    { DOCKER_TLS_VERIFY: '1' },
    { protocol: 'https', host: '10.0.0.1', port: 2376 },
  ],
  ['ssh://zuul@node:2222', {}, { protocol: 'ssh', host: 'node', port: 2222, username: 'zuul' }],
] as const)('dockerode options for %s', (endpoint, env, expected) => {
  expect(dockerodeOptions(endpoint, env)).toMatchObject(expected);
});

test('DOCKER_CERT_PATH client certificates are loaded for TLS endpoints', () => {
  const dir = mkdtempSync(join(tmpdir(), 'certs-'));
  for (const f of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(dir, f), `${f}-content`);
  const options = dockerodeOptions('tcp://10.0.0.1:2376', {
    DOCKER_TLS_VERIFY: '1',
    DOCKER_CERT_PATH: dir,
  }) as {
    ca: Buffer;
    key: Buffer;
  };
  expect(options.ca.toString()).toBe('ca.pem-content');
  expect(options.key.toString()).toBe('key.pem-content');
});

test('an unreachable endpoint names it', async () => {
  await expect(
    ContainerEngine.connect({ kind: 'podman', endpoint: 'unix:///nonexistent/podman.sock' }),
  ).rejects.toThrow('cannot reach the container engine at unix:///nonexistent/podman.sock');
});

test.each([
  ['quay.io/org/app:v1', 'quay.io/org/app', 'v1'],
  ['127.0.0.1:5000/org/app', '127.0.0.1:5000/org/app', 'latest'],
  ['127.0.0.1:5000/org/app:change_1_latest', '127.0.0.1:5000/org/app', 'change_1_latest'],
])('split %s', (ref, repository, tag) => {
  expect(splitNameTag(ref)).toEqual({ repository, tag });
});
