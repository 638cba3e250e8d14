/** `planImage`: pure input → build plan (style: docker/build-push-action's context tests). */
import { join } from 'node:path';
import type { Vars } from '@zuul-ts/role-kit';
import type { ContainerImage } from '@zuul-ts/container-vars';
import { mapExtraEnv, planImage, platformsWithoutEmulation } from '@zuul-ts/build-container-image';
import { makeNode } from './fixture';

const node = makeNode({
  'img/Dockerfile': 'FROM scratch\n',
  'img/Containerfile': 'FROM scratch\n',
  'only-docker/Dockerfile': 'FROM scratch\n',
  'images/app/Build.df': 'FROM scratch\n',
});

function plan(
  image: Partial<ContainerImage>,
  vars: Vars = {},
  engine: 'docker' | 'podman' = 'podman',
) {
  return planImage(
    { repository: 'quay.io/org/app', context: 'img', ...image } as ContainerImage,
    3,
    {
      vars: { zuul: { change: 7, pipeline: 'check', change_url: 'u' }, ...vars },
      engine,
      workDir: node.project,
      sourceRoot: node.srcRoot,
      env: { FROM_ENV: 'yes' },
      extraBuildArgs: { HTTP_PROXY: 'http://p' },
    },
  );
}

test.each([
  ['podman default file', {}, 'podman', 'img/Containerfile'],
  ['docker default file', {}, 'docker', 'img/Dockerfile'],
  [
    'podman falls back to Dockerfile',
    { context: 'only-docker' },
    'podman',
    'only-docker/Dockerfile',
  ],
  [
    'image file relative to context',
    { context: 'images/app', container_filename: 'Build.df' },
    'docker',
    'images/app/Build.df',
  ],
] as const)('%s', (_n, image, engine, file) => {
  expect(plan(image, {}, engine).dockerfile).toBe(join(node.project, file));
});

test('tags, labels, build args and siblings', () => {
  const p = plan({
    tags: ['latest', '1.0'],
    build_args: ['A=1', 'EQ=a=b', 'FROM_ENV', 'UNSET'],
    labels: ['x=y', 'org.zuul-ci.change_url=override'],
    siblings: ['opendev.org/x/lib', 'opendev.org/x/two'],
    target: 'final',
  });
  expect(p.varPath).toBe('container_images[3]');
  expect(p.tags).toEqual(['latest', '1.0']);
  expect(p.prefixedTags).toEqual(['change_7_latest', 'change_7_1.0']);
  expect(p.buildArgs).toEqual({
    HTTP_PROXY: 'http://p',
    A: '1',
    EQ: 'a=b',
    FROM_ENV: 'yes',
    ZUUL_SIBLINGS: 'opendev.org/x/lib opendev.org/x/two',
  });
  expect(p.labels).toEqual({
    'org.zuul-ci.change': '7',
    'org.zuul-ci.change_url': 'override',
    x: 'y',
  });
  expect(p.target).toBe('final');
  expect(p.platforms).toBeUndefined();
});

test.each([
  [
    { repository: 'app' },
    'container_images[3].repository: app must be a full container image url including registry location',
  ],
  [
    { repository: 'org/app' },
    'container_images[3].repository: org/app must be a full container image url',
  ],
  [{ context: undefined }, 'container_images[3].context: is required'],
  [{ labels: ['novalue'] }, 'container_images[3].labels[0]: must be KEY=VALUE'],
  [{ build_args: ['=x'] }, 'container_images[3].build_args[0]: must be KEY=VALUE'],
  [{ siblings: ['../etc'] }, 'container_images[3].siblings[0]: must be a canonical project name'],
  [{ context: 'missing' }, 'container_images[3].context: '],
  [{ context: '../../..' }, 'container_images[3].context: resolves to'],
  [
    { container_filename: 'Nope.df' },
    `container_images[3].container_filename: container file not found: ${join(node.project, 'img/Nope.df')}`,
  ],
] as const)('bad input %j', (image, message) => {
  expect(() => plan(image as Partial<ContainerImage>)).toThrow(message);
});

test('job-level container_filename is named when it is the missing one', () => {
  expect(() => plan({}, { container_filename: 'Job.df' })).toThrow(
    `container_filename: container file not found: ${join(node.project, 'img/Job.df')}`,
  );
});

test('container_build_extra_env mapping per engine', () => {
  const env = { https_proxy: 'h', BUILDAH_LAYERS: 'false', BUILDAH_FORMAT: 'docker', OTHER: 1 };
  expect(mapExtraEnv(env, 'podman')).toEqual({
    buildArgs: { https_proxy: 'h' },
    engineParams: {
      layers: false,
      outputformat: 'application/vnd.docker.distribution.manifest.v2+json',
    },
    unsupported: ['OTHER'],
  });
  expect(mapExtraEnv(env, 'docker')).toEqual({
    buildArgs: { https_proxy: 'h' },
    engineParams: {},
    unsupported: ['BUILDAH_LAYERS', 'BUILDAH_FORMAT', 'OTHER'],
  });
});

test('foreign platforms without a qemu binfmt handler are named', () => {
  const dir = makeNode({ 'binfmt/qemu-aarch64': 'enabled' }).project;
  expect(
    platformsWithoutEmulation(
      ['linux/amd64', 'linux/arm64', 'linux/s390x'],
      join(dir, 'binfmt'),
      'x64',
    ),
  ).toEqual(['linux/s390x']);
  expect(platformsWithoutEmulation(['linux/amd64'], join(dir, 'binfmt'), 'x64')).toEqual([]);
});
