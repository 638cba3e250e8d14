/**
 * Siblings are streamed into the build context, never copied into the checkout: two role runs
 * building from the same context at the same time each see exactly their own siblings.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ContainerEngine } from '@zuul-ts/engine';
import { BUSYBOX_PRELUDE, baseVars, context, Images, makeNode, role, writeTree } from './fixture';

jest.setTimeout(300000);

describe.each(['docker', 'podman'] as const)('siblings on %s', (engineName) => {
  let images: Images;
  beforeAll(async () => {
    images = new Images(await ContainerEngine.connect({ kind: engineName }));
  });
  afterEach(() => images.cleanup());

  test('two runs sharing a context at once, different siblings, checkout untouched', async () => {
    const node = makeNode({
      'img/busybox': '@busybox',
      'img/Dockerfile': [
        BUSYBOX_PRELUDE,
        'ARG ZUUL_SIBLINGS',
        'COPY .zuul-siblings /sib',
        // Exactly this image's siblings: each listed one present, no other file.
        'RUN set -- $ZUUL_SIBLINGS; for s; do test -f /sib/$s/f || exit 1; done; test $(find /sib -name f | wc -l) -eq $#',
      ].join('\n'),
    });
    writeTree(node.srcRoot, {
      'opendev.org/x/lib/f': 'lib',
      'opendev.org/x/other/f': 'other',
      'opendev.org/x/third/f': '3',
    });
    const repo = images.repo(`quay.io/org/${engineName}-sibrun`);
    const run = (suffix: string, sets: string[][]) =>
      role.run(
        context(
          baseVars(node, engineName, {
            container_images: sets.map((s, i) => ({
              context: 'img',
              repository: `${repo}-${suffix}${i}`,
              siblings: s.map((n) => `opendev.org/x/${n}`),
            })),
          }),
        ),
      );
    await Promise.all([
      run('a', [['lib'], ['lib', 'other']]),
      run('b', [['third'], ['other', 'third']]),
    ]);
    for (const name of ['a0', 'a1', 'b0', 'b1']) {
      images.track(`${repo}-${name}:change_12345_latest`);
      expect(await images.inspect(`${repo}-${name}:latest`)).toBeDefined();
    }
    expect(existsSync(join(node.project, 'img/.zuul-siblings'))).toBe(false);
  });
});
