import { join } from 'node:path';
import { ContainerEngine } from '@zuul-ts/engine';
import { freePort, stopLocalRegistry } from '@zuul-ts/registry';
import { pushTestImage, startRegistry, type RegistryServer } from '@zuul-ts/testing';
import { roles, type BuildsetRegistryVar } from '../src';
import { adminClient, registryVar, runRole, tempDir, uniqueName } from './helpers';

const role = (name: string) => roles.find((r) => r.name === name)!;

let ir: RegistryServer;
const userDir = tempDir('zuul-ts-node-');
beforeAll(async () => {
  ir = await startRegistry({ flavour: 'tls-auth' });
});
afterAll(async () => {
  await stopLocalRegistry(join(userDir, 'buildset_registry'), { removeDir: true });
  await ir?.stop();
});

// Scenario 23 (a), adapted: an image that exists only as an artifact of an earlier build reaches
// the engines through run-buildset-registry + pull-from-intermediate-registry, with the
// credentials passed per request (nothing written to the node). dockerd treats 127.0.0.0/8 as an
// insecure registry range, so it needs no certs.d file for this loopback registry.
test('scenario 23: a speculative image from the intermediate registry is pullable by the docker engine', async () => {
  const repository = `quay.io/opendevorg/${uniqueName('imagedoesnotexist')}`;
  const img = await pushTestImage(adminClient(ir), `${ir.host}/${repository}:b0_latest`);

  const started = await runRole(role('run-buildset-registry'), {
    ansible_user_dir: userDir,
    ansible_host: '127.0.0.1',
    buildset_registry_port: await freePort(),
  });
  const bsr = (started.returned[0].secret_data as { buildset_registry: BuildsetRegistryVar })
    .buildset_registry;
  await runRole(role('pull-from-intermediate-registry'), {
    buildset_registry: bsr,
    intermediate_registry: registryVar(ir),
    zuul: {
      artifacts: [
        {
          name: `${repository}:latest`,
          url: `docker://127.0.0.1:${ir.port}/${repository}:b0_latest`,
          metadata: { type: 'container_image', repository, tag: 'latest' },
        },
      ],
    },
  });

  const location = `127.0.0.1:${bsr.port}`;
  const reference = `${location}/${repository}:latest`;
  const auth = { username: bsr.username, password: bsr.password, serveraddress: location };
  // podman: speculative-podman.test.ts (through the mirror config use-buildset-registry writes).
  for (const kind of ['docker'] as const) {
    const engine = await ContainerEngine.connect({ kind });
    try {
      await engine.pull(reference, { auth, insecure: true });
      const details = await engine.inspect(reference);
      expect(details?.id).toBe(
        img.manifest.config && (img.manifest.config as { digest: string }).digest,
      );
    } finally {
      await engine.remove(reference, { force: true }).catch(() => undefined);
    }
  }
});
