import { RegistryClient, StaticCredentialStore, freePort } from '@zuul-ts/registry';
import { pushTestIndex } from '@zuul-ts/testing';
import { roles, type BuildsetRegistryVar } from '../src';
import { adminClient, registryVar, runRole, uniqueName, useNodeWithIntermediate } from './helpers';

const role = (name: string) => roles.find((r) => r.name === name)!;

const node = useNodeWithIntermediate('zuul-ts-node6-');
const { userDir } = node;

// zuul-jobs needs socat forwarders because skopeo cannot address `[v6]:port` (a racy port file, and the TCP6
// forwarder of run-buildset-registry); here the registry listens on IPv6 itself and the client
// uses the bracketed host directly.
test('IPv6 buildset registry: run, push to the intermediate registry and pull back, no forwarder', async () => {
  const started = await runRole(role('run-buildset-registry'), {
    ansible_user_dir: userDir,
    ansible_host: '::1',
    buildset_registry_port: await freePort(),
  });
  const bsr = (started.returned[0].secret_data as { buildset_registry: BuildsetRegistryVar })
    .buildset_registry;
  expect(bsr.host).toBe('::1');
  const location = `[::1]:${bsr.port}`;
  const client = new RegistryClient({
    credentials: new StaticCredentialStore([
      { registry: location, username: bsr.username, password: bsr.password },
    ]),
    ca: { [location]: bsr.cert! },
  });
  const repository = `quay.io/org/${uniqueName('v6app')}`;
  const index = await pushTestIndex(client, `${location}/${repository}:latest`);

  const pushed = await runRole(role('push-to-intermediate-registry'), {
    zuul: { build: 'b6' },
    buildset_registry: bsr,
    intermediate_registry: registryVar(node.ir),
    container_images: [{ repository }],
  });
  expect(
    (await adminClient(node.ir).headManifest(`${node.ir.host}/${repository}:b6_latest`))?.digest,
  ).toBe(index.digest);
  const artifacts = (pushed.returned[0].data as { zuul: { artifacts: unknown[] } }).zuul.artifacts;

  // Pull the artifact back under another tag name into the IPv6 registry.
  await runRole(role('pull-from-intermediate-registry'), {
    buildset_registry: bsr,
    intermediate_registry: registryVar(node.ir),
    zuul: {
      artifacts: artifacts.map((a) => ({
        ...(a as object),
        metadata: { type: 'container_image', repository: `${repository}-copy`, tag: 'v6' },
      })),
    },
  });
  expect((await client.headManifest(`${location}/${repository}-copy:v6`))?.digest).toBe(
    index.digest,
  );
});
