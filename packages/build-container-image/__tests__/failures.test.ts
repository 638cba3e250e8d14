/** Failures on both engines: each names the image/variable and leaves nothing half-done. */
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ContainerEngine } from '@zuul-ts/engine';
import { InputError, RoleFailure } from '@zuul-ts/role-kit';
import { startRegistry } from '@zuul-ts/testing';
import { BUSYBOX_PRELUDE, baseVars, context, Images, makeNode, role } from './fixture';

jest.setTimeout(300000);

const OK_FILES = { 'img/Dockerfile': 'FROM scratch\nCOPY f.txt /f.txt\n', 'img/f.txt': 'x' };

describe.each(['docker', 'podman'] as const)(
  'build-container-image failures on %s',
  (engineName) => {
    let engine: ContainerEngine;
    let images: Images;
    beforeAll(async () => {
      engine = await ContainerEngine.connect({ kind: engineName });
      images = new Images(engine);
    });
    afterEach(() => images.cleanup());

    test('a buildset registry refusing the credentials fails without retries, password never shown', async () => {
      const reg = await startRegistry({ flavour: 'tls-auth' });
      try {
        const node = makeNode(OK_FILES);
        const repo = images.repo(`quay.io/org/${engineName}-denied`);
        const ctx = context(
          baseVars(node, engineName, {
            buildset_registry: {
              host: '127.0.0.1',
              port: reg.port,
              username: reg.username,
              password: 'wrong-Passw0rd',
            },
            container_images: [{ context: 'img', repository: repo }],
          }),
        );
        images.track(`${repo}:latest`, `${repo}:change_12345_latest`, `${reg.host}/${repo}:latest`);
        const err = await role.run(ctx).catch((e) => e);
        expect(err).toBeInstanceOf(RoleFailure);
        expect(err.message).toContain(
          `container_images[0] (${repo}): push ${reg.host}/${repo}:latest`,
        );
        expect(ctx.logs.filter((l) => l.level === 'warn')).toEqual([]);
        expect(JSON.stringify([err.message, ctx.logs, ctx.operations])).not.toContain(
          'wrong-Passw0rd',
        );
      } finally {
        await reg.stop();
      }
    });

    test('a failing RUN step fails the role with the step, the image and the variable path', async () => {
      const node = makeNode({
        'img/busybox': '@busybox',
        'img/Dockerfile': `${BUSYBOX_PRELUDE}\nRUN echo nope && exit 7\n`,
      });
      const repo = images.repo(`quay.io/org/${engineName}-fail`);
      const ctx = context(
        baseVars(node, engineName, { container_images: [{ context: 'img', repository: repo }] }),
      );
      const err = await role.run(ctx).catch((e) => e);
      expect(err).toBeInstanceOf(RoleFailure);
      expect(err.message).toContain(`container_images[0] (${repo}): build failed at "`);
      expect(err.message).toContain('RUN echo nope && exit 7');
      expect(await images.inspect(`${repo}:latest`)).toBeUndefined();
    });

    test('a missing Dockerfile fails before any build, naming the path looked for', async () => {
      const node = makeNode({ ...OK_FILES, 'other/readme': 'no dockerfile here' });
      const repo = images.repo(`quay.io/org/${engineName}-nofile`);
      const ctx = context(
        baseVars(node, engineName, {
          container_images: [
            { context: 'img', repository: `${repo}-ok` },
            { context: 'other', repository: repo },
          ],
        }),
      );
      const err = await role.run(ctx).catch((e) => e);
      expect(err).toBeInstanceOf(InputError);
      expect(err.message).toBe(
        `container_images[1]: container file not found: ${join(node.project, 'other/Dockerfile')}`,
      );
      expect(ctx.operations).toEqual([]);
      expect(await images.inspect(`${repo}-ok:latest`)).toBeUndefined();
    });

    test.each([
      ['context', { context: '../../../outside' }, 'container_images[0].context'],
      ['path', { context: 'img', path: '../../../..' }, 'container_images[0].path'],
      [
        'container_filename',
        { context: 'img', container_filename: '../../../../Dockerfile' },
        'container_images[0].container_filename',
      ],
    ])('a %s outside the source root is refused before anything runs', async (_n, image, path) => {
      const node = makeNode(OK_FILES);
      const repo = images.repo(`quay.io/org/${engineName}-outside`);
      const ctx = context(
        baseVars(node, engineName, { container_images: [{ ...image, repository: repo }] }),
      );
      const err = await role.run(ctx).catch((e) => e);
      expect(err).toBeInstanceOf(InputError);
      expect(err.path).toBe(path);
      expect(err.message).toContain('outside the source root');
      expect(ctx.operations).toEqual([]);
    });

    test('a symlink leading out of the source root is refused too', async () => {
      const node = makeNode(OK_FILES);
      mkdirSync(join(node.home, 'elsewhere'));
      symlinkSync(join(node.home, 'elsewhere'), join(node.project, 'escape'));
      const ctx = context(
        baseVars(node, engineName, {
          container_images: [{ context: 'escape', repository: images.repo() }],
        }),
      );
      await expect(role.run(ctx)).rejects.toThrow('container_images[0].context: resolves to');
    });

    test('siblings are cleaned up when the build fails', async () => {
      const node = makeNode({ 'img/Dockerfile': 'FROM scratch\nCOPY missing.txt /x\n' });
      const repo = images.repo(`quay.io/org/${engineName}-sibfail`);
      const { writeTree } = await import('./fixture');
      writeTree(node.srcRoot, { 'opendev.org/x/lib/f': 'lib' });
      const ctx = context(
        baseVars(node, engineName, {
          container_images: [{ context: 'img', repository: repo, siblings: ['opendev.org/x/lib'] }],
        }),
      );
      await expect(role.run(ctx)).rejects.toThrow(`container_images[0] (${repo}): build failed`);
      expect(existsSync(join(node.project, 'img/.zuul-siblings'))).toBe(false);
    });

    test('a pre-existing .zuul-siblings fails before building and is left alone', async () => {
      const node = makeNode({ ...OK_FILES, 'img/.zuul-siblings/keep': 'mine' });
      const repo = images.repo(`quay.io/org/${engineName}-sibexists`);
      const ctx = context(
        baseVars(node, engineName, { container_images: [{ context: 'img', repository: repo }] }),
      );
      await expect(role.run(ctx)).rejects.toThrow(`.zuul-siblings already exists`);
      expect(existsSync(join(node.project, 'img/.zuul-siblings/keep'))).toBe(true);
      expect(ctx.operations).toEqual([]);
    });

    test('a sibling that is not checked out names the variable', async () => {
      const node = makeNode(OK_FILES);
      const ctx = context(
        baseVars(node, engineName, {
          container_images: [
            { context: 'img', repository: images.repo(), siblings: ['opendev.org/x/none'] },
          ],
        }),
      );
      await expect(role.run(ctx)).rejects.toThrow(
        'container_images[0].siblings[0]: opendev.org/x/none is not checked out',
      );
      expect(existsSync(join(node.project, 'img/.zuul-siblings'))).toBe(false);
    });

    test('the first failure stops the rest and names the image', async () => {
      const node = makeNode({
        ...OK_FILES,
        'bad/busybox': '@busybox',
        'bad/Dockerfile': `${BUSYBOX_PRELUDE}\nRUN exit 5\n`,
      });
      const repo = images.repo(`quay.io/org/${engineName}-stop`);
      const ctx = context(
        baseVars(node, engineName, {
          container_build_parallelism: 1,
          container_images: [
            { context: 'bad', repository: `${repo}-bad` },
            { context: 'img', repository: `${repo}-later` },
          ],
        }),
      );
      await expect(role.run(ctx)).rejects.toThrow(
        `container_images[0] (${repo}-bad): build failed at`,
      );
      expect(ctx.operations.map((o) => o.target)).toEqual([`${repo}-bad:latest`]);
      expect(await images.inspect(`${repo}-later:latest`)).toBeUndefined();
    });

    // docker cancels the running build; podman cannot cancel a compat build (it would go on and
    // tag the image after the role returned), so the role waits for it and still fails. Either
    // way nothing changes in the image store once the role has returned. (Whether the slow build
    // had reached the engine before the other one failed depends on scheduling, so the test
    // asserts that guarantee rather than which of the two states the slow image is in.)
    test('a failure cancels (docker) or awaits (podman) a build running in parallel', async () => {
      const node = makeNode({
        'bad/busybox': '@busybox',
        'bad/Dockerfile': `${BUSYBOX_PRELUDE}\nRUN exit 5\n`,
        'slow/busybox': '@busybox',
        'slow/Dockerfile': `${BUSYBOX_PRELUDE}\nRUN sleep ${engineName === 'docker' ? 120 : 3}\n`,
      });
      const repo = images.repo(`quay.io/org/${engineName}-abort`);
      const ctx = context(
        baseVars(node, engineName, {
          container_images: [
            { context: 'slow', repository: `${repo}-slow` },
            { context: 'bad', repository: `${repo}-bad` },
          ],
        }),
      );
      await expect(role.run(ctx)).rejects.toThrow(
        `container_images[1] (${repo}-bad): build failed at`,
      );
      images.track(`${repo}-slow:change_12345_latest`);
      const slowAtReturn = await images.inspect(`${repo}-slow:latest`);
      if (engineName === 'docker') expect(slowAtReturn).toBeUndefined();
      // Longer than the podman build's `sleep 3`: a build left running would have tagged by now.
      await new Promise((r) => setTimeout(r, 6000));
      const slowLater = await images.inspect(`${repo}-slow:latest`);
      expect(slowLater?.id).toEqual(slowAtReturn?.id);
    });

    test('a multi-arch image stopped by another failure leaves no staging tag or platform image', async () => {
      // docker cancels the slow first platform; podman finishes it, then stops before the next.
      const node = makeNode({
        'bad/busybox': '@busybox',
        'bad/Dockerfile': `${BUSYBOX_PRELUDE}\nRUN exit 5\n`,
        'slow/busybox': '@busybox',
        'slow/Dockerfile': `${BUSYBOX_PRELUDE}\nRUN sleep ${engineName === 'docker' ? 120 : 20}\n`,
      });
      const repo = images.repo(`quay.io/org/${engineName}-archstop`);
      const ctx = context(
        baseVars(node, engineName, {
          container_images: [
            { context: 'slow', repository: repo, arch: ['linux/amd64', 'linux/arm64'] },
            { context: 'bad', repository: `${repo}-bad` },
          ],
        }),
      );
      await expect(role.run(ctx)).rejects.toThrow(
        `container_images[1] (${repo}-bad): build failed at`,
      );
      // listTags: podman's listing races with other suites' image removals (retried there).
      expect((await engine.listTags()).filter((t) => t.includes(repo))).toEqual([]);
      expect(ctx.operations.filter((o) => o.detail?.platform === 'linux/arm64')).toEqual([]);
    });

    test('container_build_extra_env: proxies become build args on both engines, the rest warns by name', async () => {
      const node = makeNode({
        'img/busybox': '@busybox',
        'img/Dockerfile': `${BUSYBOX_PRELUDE}\nRUN test "$HTTP_PROXY" = http://proxy.example:3128\n`,
      });
      const repo = images.repo(`quay.io/org/${engineName}-env`);
      const ctx = context(
        baseVars(node, engineName, {
          container_build_extra_env: {
            HTTP_PROXY: 'http://proxy.example:3128',
            SOME_TOOL_FLAG: '1',
          },
          container_images: [{ context: 'img', repository: repo }],
        }),
      );
      await role.run(ctx);
      images.track(`${repo}:latest`, `${repo}:change_12345_latest`);
      expect(await images.inspect(`${repo}:latest`)).toBeDefined();
      expect(ctx.logs.filter((l) => l.level === 'warn').map((l) => l.message)).toEqual([
        `container_build_extra_env.SOME_TOOL_FLAG has no Engine API equivalent on ${engineName}; ignored`,
      ]);
    });
  },
);
