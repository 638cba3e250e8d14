import { createRoleContext } from '@zuul-ts/role-kit';
import { mediaTypes } from '@zuul-ts/registry';
import { pushTestImage, pushTestIndex, useRegistry } from '@zuul-ts/testing';
import { mirrorContainerImagesRole } from '../src';
import type { Mirrored } from '../src';
import { runMirror, storageFiles, uniq } from './helpers';

/**
 * mirror-container-images against two real registries: a plain source and a TLS + htpasswd
 * destination (also the same-registry case, where blobs are mounted instead of copied).
 */
const src = useRegistry('plain');
const dst = useRegistry('tls-auth');

const destAccess = (extra: Record<string, unknown> = {}) => ({
  container_registry_credentials: {
    [dst.server.host]: { username: dst.server.username, password: dst.server.password, ...extra },
  },
  container_registry_ca: { [dst.server.host]: dst.server.ca },
});

const item = (srcRepo: string, srcTag: string, destRepo: string, destTag: string) => ({
  src_repository: srcRepo,
  src_tag: srcTag,
  dest_repository: destRepo,
  dest_tag: destTag,
  dest_registry: dst.server.host,
});

const mirrored = (outcome: unknown) =>
  (outcome as { result: { mirrored: Mirrored[] } }).result.mirrored;

test('an index with two platforms and an image are copied across registries, digests kept', async () => {
  const [a, b] = [uniq('multi'), uniq('single')];
  const index = await pushTestIndex(src.client, `${src.server.host}/${a}:v1`);
  const image = await pushTestImage(src.client, `${src.server.host}/${b}:latest`, { layers: 2 });
  const [destA, destB] = [`${dst.server.host}/mirror/${a}`, `${dst.server.host}/mirror/${b}`];
  const { error, outcome, ctx } = await runMirror({
    mirror_container_images_images: [
      item(`${src.server.host}/${a}`, 'v1', destA, 'stable'),
      item(`${src.server.host}/${b}`, 'latest', destB, '1.0'),
    ],
    ...destAccess(),
  });
  expect(error).toBeUndefined();
  const top = await dst.client.getManifest(`${destA}:stable`);
  expect(top.digest).toBe(index.digest);
  expect(top.mediaType).toBe(mediaTypes.OCI_INDEX);
  expect(top.bytes.equals(index.bytes)).toBe(true);
  for (const child of index.children) {
    const config = await dst.client.getImageConfig(`${destA}:stable`, child.platform);
    expect(config.architecture).toBe(child.platform.architecture);
    for (const layer of child.layers)
      expect(await dst.client.headBlob(destA, layer.digest)).toBe(layer.size);
  }
  expect((await dst.client.headManifest(`${destB}:1.0`))?.digest).toBe(image.digest);
  const [ra, rb] = mirrored(outcome);
  expect(ra).toMatchObject({ digest: index.digest, blobs: { mounted: 0 } });
  expect(ra.blobs.uploaded).toBe(index.children.length * 2); // one layer + config each
  expect(rb).toMatchObject({ digest: image.digest, blobs: { mounted: 0, uploaded: 3 } });
  expect(ctx.operations.map((o) => o.kind)).toEqual(['registry.copy', 'registry.copy']);
  expect(JSON.stringify([ctx.logs, ctx.operations, outcome])).not.toContain(dst.server.password);
});

test('within one registry the blobs are mounted, not copied', async () => {
  const [a, b] = [uniq('origin'), uniq('copy')];
  const from = `${dst.server.host}/${a}`;
  const index = await pushTestIndex(dst.client, `${from}:v2`);
  const { error, outcome } = await runMirror({
    mirror_container_images_images: [item(from, 'v2', `${dst.server.host}/${b}`, 'v2')],
    ...destAccess(),
  });
  expect(error).toBeUndefined();
  expect((await dst.client.headManifest(`${dst.server.host}/${b}:v2`))?.digest).toBe(index.digest);
  expect(mirrored(outcome)[0].blobs).toEqual({ mounted: 4, uploaded: 0, present: 0 });
});

describe('bad input is refused before anything is written', () => {
  let before: string[];
  let source: string;
  beforeAll(async () => {
    source = `${src.server.host}/${uniq('refused')}`;
    await pushTestImage(src.client, `${source}:latest`);
  });
  beforeEach(() => {
    before = storageFiles(dst.server.storageDir);
  });
  afterEach(() => {
    expect(storageFiles(dst.server.storageDir)).toEqual(before);
  });

  test('destination registry without credentials', async () => {
    const { error } = await runMirror({
      mirror_container_images_images: [
        item(source, 'latest', `${dst.server.host}/ok/one`, 'latest'),
        { ...item(source, 'latest', 'quay.io/org/two', 'latest'), dest_registry: 'quay.io' },
      ],
      ...destAccess(),
    });
    expect(error?.message).toBe(
      'mirror_container_images_images[1].dest_registry: quay.io credentials not found',
    );
  });

  test('destination repository not permitted by the credentials, named in the error', async () => {
    const dest = `${dst.server.host}/other/app`;
    const { error } = await runMirror({
      mirror_container_images_images: [item(source, 'latest', dest, 'latest')],
      ...destAccess({ repository: '/allowed/' }),
    });
    expect(error?.message).toBe(
      `mirror_container_images_images[0].dest_repository: ${dest} not permitted by /allowed/`,
    );
  });

  test('a missing field or an invalid tag', async () => {
    const { src_tag: _dropped, ...noTag } = item(source, 'latest', `${dst.server.host}/x`, 'y');
    expect(
      (await runMirror({ mirror_container_images_images: [noTag], ...destAccess() })).error
        ?.message,
    ).toBe('mirror_container_images_images[0].src_tag: is required');
    const bad = item(source, 'latest', `${dst.server.host}/x`, 'not a tag');
    expect(
      (await runMirror({ mirror_container_images_images: [bad], ...destAccess() })).error?.message,
    ).toBe('mirror_container_images_images[0].dest_tag: not a tag is not a valid tag');
  });

  test('a missing source: no image is copied, every missing source is named', async () => {
    const { error } = await runMirror({
      mirror_container_images_images: [
        item(source, 'latest', `${dst.server.host}/${uniq('first')}`, 'latest'),
        item(source, 'nope', `${dst.server.host}/${uniq('second')}`, 'latest'),
      ],
      ...destAccess(),
    });
    expect(error?.message).toBe(
      `source image not found, nothing copied: ${source}:nope (mirror_container_images_images[1])`,
    );
  });
});

test('a failed copy names source and destination', async () => {
  const source = `${src.server.host}/${uniq('denied')}`;
  await pushTestImage(src.client, `${source}:latest`);
  const dest = `${dst.server.host}/${uniq('denied')}`;
  const { error } = await runMirror({
    mirror_container_images_images: [item(source, 'latest', dest, 'latest')],
    container_registry_credentials: {
      [dst.server.host]: { username: dst.server.username, password: 'wrong-password' },
    },
    container_registry_ca: { [dst.server.host]: dst.server.ca },
  });
  expect(error?.message).toContain(
    `mirror_container_images_images[0]: copy ${source}:latest -> ${dest}:latest failed: `,
  );
  expect(error?.message).not.toContain('wrong-password');
  expect(await dst.client.headManifest(`${dest}:latest`)).toBeUndefined();
});

test('a dry run plans one copy per image and writes nothing', async () => {
  const source = `${src.server.host}/${uniq('dry')}`;
  const image = await pushTestImage(src.client, `${source}:latest`);
  const dest = `${dst.server.host}/${uniq('dry')}`;
  const before = storageFiles(dst.server.storageDir);
  const ctx = createRoleContext({
    roleName: 'mirror-container-images',
    vars: { mirror_container_images_images: [item(source, 'latest', dest, 'v1')], ...destAccess() },
    dryRun: true,
    onLog: () => {},
  });
  await mirrorContainerImagesRole.run(ctx);
  expect(ctx.operations).toEqual([
    {
      kind: 'registry.copy',
      target: `${dest}:v1`,
      detail: { from: `${source}:latest`, digest: image.digest, allPlatforms: true },
    },
  ]);
  expect(storageFiles(dst.server.storageDir)).toEqual(before);
});
