/**
 * Scenario 4 (docker): zuul-jobs builds with `--network=host` (7739ecc0) so RUN steps reach
 * services on the node's loopback, such as a buildset registry. A RUN step here fetches from an
 * HTTP server that listens on 127.0.0.1 only.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ContainerEngine } from '@zuul-ts/engine';
import { BUSYBOX_PRELUDE, baseVars, context, Images, makeNode, role } from './fixture';

jest.setTimeout(300000);

test('docker RUN steps share the node network (a loopback-only server is reachable)', async () => {
  const server = createServer((_req, res) => res.end('reached-from-build'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const images = new Images(await ContainerEngine.connect({ kind: 'docker' }));
  try {
    const node = makeNode({
      'img/busybox': '@busybox',
      'img/Dockerfile': `${BUSYBOX_PRELUDE}\nARG PORT\nRUN wget -q -O /fetched http://127.0.0.1:$PORT/ && test "$(cat /fetched)" = reached-from-build\n`,
    });
    const repo = images.repo('quay.io/org/docker-hostnet');
    const ctx = context(
      baseVars(node, 'docker', {
        container_images: [{ context: 'img', repository: repo, build_args: [`PORT=${port}`] }],
      }),
    );
    await role.run(ctx);
    images.track(`${repo}:change_12345_latest`);
    expect(await images.inspect(`${repo}:latest`)).toBeDefined();
  } finally {
    await images.cleanup();
    server.close();
  }
});
