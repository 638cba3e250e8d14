import { execFile } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { roles } from '../src';
import { runRole, speculativeImage, tempDir, useNodeWithIntermediate } from './helpers';

const run = promisify(execFile);
const role = (name: string) => roles.find((r) => r.name === name)!;

const node = useNodeWithIntermediate('zuul-ts-nodep-');
const { userDir } = node;
const podmanDir = tempDir('zuul-ts-podman-');
afterAll(async () => {
  // vfs layers of the private podman store
  await run('podman', [...podmanArgs(), 'system', 'reset', '--force']).catch(() => undefined);
  rmSync(podmanDir, { recursive: true, force: true });
});

/** A private, throw-away podman store (the shared podman service is not reconfigured). */
function podmanArgs(): string[] {
  return [
    '--root',
    join(podmanDir, 'root'),
    '--runroot',
    join(podmanDir, 'run'),
    '--storage-driver',
    'vfs',
    '--cgroup-manager',
    'cgroupfs',
    '--events-backend',
    'file',
  ];
}

// Scenario 23 (a) and (b) with the files use-buildset-registry writes: podman asks for the name
// `quay.io/opendevorg/imagedoesnotexist…:latest`, which exists only as an artifact of an earlier
// build, and gets it through the registries.conf mirror and the certs.d CA.
test('podman pulls and builds FROM a speculative quay.io image through the written mirror config', async () => {
  const { repository, image: img, bsr } = await speculativeImage(node.ir, userDir, 'localhost');
  const root = tempDir('zuul-ts-node-root-');
  await runRole(role('use-buildset-registry'), {
    buildset_registry: bsr,
    use_buildset_registry_root: root,
    use_buildset_registry_engines: ['podman'],
  });

  const location = `localhost:${bsr.port}`;
  // Test-only auth file for the podman CLI (the role itself writes no credentials).
  const authFile = join(podmanDir, 'auth.json');
  const auth = Buffer.from(`${bsr.username}:${bsr.password}`).toString('base64');
  writeFileSync(authFile, JSON.stringify({ auths: { [location]: { auth } } }), { mode: 0o600 });
  const env = {
    ...process.env,
    CONTAINERS_REGISTRIES_CONF: join(root, 'etc/containers/registries.conf'),
  };
  const certDir = join(root, 'etc/containers/certs.d', location);
  await run(
    'podman',
    [
      ...podmanArgs(),
      'pull',
      '--authfile',
      authFile,
      '--cert-dir',
      certDir,
      `${repository}:latest`,
    ],
    {
      env,
    },
  );
  const { stdout } = await run(
    'podman',
    [...podmanArgs(), 'image', 'inspect', '--format', '{{.Id}}', `${repository}:latest`],
    {
      env,
    },
  );
  expect(`sha256:${stdout.trim()}`).toBe((img.manifest.config as { digest: string }).digest);

  // (b) a build `FROM` the upstream name resolves it through the mirror again (--pull=always).
  const context = tempDir('zuul-ts-podman-ctx-');
  writeFileSync(join(context, 'Containerfile'), `FROM ${repository}\nCOPY hello.txt /hello.txt\n`);
  writeFileSync(join(context, 'hello.txt'), 'speculative\n');
  const derived = `localhost/${repository.split('/').pop()}-derived:latest`;
  await run(
    'podman',
    [
      ...podmanArgs(),
      'build',
      '--pull=always',
      '--authfile',
      authFile,
      '--cert-dir',
      certDir,
    ].concat(['-t', derived, context]),
    { env },
  );
  const layers = await run(
    'podman',
    [...podmanArgs(), 'image', 'inspect', '--format', '{{json .RootFS.Layers}}', derived],
    { env },
  );
  const baseLayers = (img.config.rootfs as { diff_ids: string[] }).diff_ids;
  const built = JSON.parse(layers.stdout) as string[];
  expect(built.slice(0, baseLayers.length)).toEqual(baseLayers);
  expect(built).toHaveLength(baseLayers.length + 1);
});
