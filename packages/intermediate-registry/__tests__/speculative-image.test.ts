import { ContainerEngine } from '@zuul-ts/engine';
import { speculativeImage, useNodeWithIntermediate } from './helpers';

const node = useNodeWithIntermediate('zuul-ts-node-');
const { userDir } = node;

// Scenario 23 (a), adapted: an image that exists only as an artifact of an earlier build reaches
// the engines through run-buildset-registry + pull-from-intermediate-registry, with the
// credentials passed per request (nothing written to the node). dockerd treats 127.0.0.0/8 as an
// insecure registry range, so it needs no certs.d file for this loopback registry.
test('a speculative image from the intermediate registry is pullable by the docker engine', async () => {
  const { repository, image: img, bsr } = await speculativeImage(node.ir, userDir, '127.0.0.1');

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
