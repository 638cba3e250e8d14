import { join } from 'node:path';
import { changeZuul, tempDir, uid, useRegistry, writeTree } from '@zuul-ts/testing';
import { buildDockerImageRole, promoteDockerImageRole, uploadDockerImageRole } from '../src';
import { runRole, storageFiles, useDocker } from './helpers';

jest.setTimeout(180000);

/**
 * The docker-image family's gate flow on a generic registry (not Docker Hub), with the real
 * dockerd: build-docker-image, upload-docker-image (change tags only), promote-docker-image
 * (final tags by registry retag, change tags removed safely).
 */
const reg = useRegistry('plain');
const docker = useDocker();

const DOCKERFILE = [
  'FROM scratch AS base',
  'ARG GREETING=unset',
  'LABEL greeting=$GREETING stage=base',
  'COPY hello.txt /hello.txt',
  'FROM base AS final',
  'LABEL stage=final',
  'FROM final AS after',
  'LABEL stage=after',
  '',
].join('\n');

function project() {
  const home = tempDir('zuul-ts-docker-image-');
  writeTree(join(home, 'src/example.org/app'), {
    'images/app/build.Dockerfile': DOCKERFILE,
    'images/app/hello.txt': 'hello\n',
  });
  return home;
}

test('build -> upload (change tags) -> promote: labels, target and build_args in the pushed image', async () => {
  const repository = `org/app-${uid()}`;
  const full = `${reg.server.host}/${repository}`;
  docker.track(`${full}:`);
  const vars = {
    zuul: changeZuul(),
    ansible_user_dir: project(),
    zuul_work_dir: 'src/example.org/app',
    docker_dockerfile: 'build.Dockerfile',
    docker_registry: reg.server.host,
    docker_credentials: { username: 'ci', password: 'docker-secret-pw' },
    docker_images: [
      {
        context: 'images/app',
        repository,
        tags: ['latest', 'v1'],
        labels: ['org.example.team=infra'],
        target: 'final',
        build_args: ['GREETING=hello'],
      },
    ],
  };
  const built = await runRole(buildDockerImageRole, vars);
  expect(built.error).toBeUndefined();
  expect((await docker.engine.inspect(`${full}:change_12345_latest`))?.id).toBeDefined();

  const uploaded = await runRole(uploadDockerImageRole, vars);
  expect(uploaded.error).toBeUndefined();
  expect((await reg.client.listTags(full)).sort()).toEqual([
    'change_12345_latest',
    'change_12345_v1',
  ]);
  const labels = (await reg.client.getImageConfig(`${full}:change_12345_latest`)).config?.Labels;
  expect(labels).toMatchObject({
    greeting: 'hello',
    stage: 'final',
    'org.example.team': 'infra',
    'org.zuul-ci.change': '12345',
  });
  const staged = (await reg.client.headManifest(`${full}:change_12345_latest`))!.digest;

  const promoted = await runRole(promoteDockerImageRole, vars);
  expect(promoted.error).toBeUndefined();
  expect((await reg.client.listTags(full)).sort()).toEqual(['latest', 'v1']);
  for (const t of ['latest', 'v1'])
    expect((await reg.client.headManifest(`${full}:${t}`))?.digest).toBe(staged);
  const printed = JSON.stringify([built.ctx.logs, uploaded.ctx.logs, promoted.ctx.logs]);
  expect(printed).not.toContain('docker-secret-pw');
});

describe('bad input is refused before anything is pushed, tagged or deleted', () => {
  let before: string[];
  beforeEach(() => {
    before = storageFiles(reg.server.storageDir);
  });
  afterEach(() => {
    expect(storageFiles(reg.server.storageDir)).toEqual(before);
  });
  const base = () => ({
    zuul: changeZuul(),
    docker_registry: reg.server.host,
    docker_credentials: { username: 'ci', password: 'pw' },
    docker_images: [{ context: '.', repository: 'org/app' }],
  });

  test.each([
    [
      'repository not permitted (matched without docker_registry, as zuul-jobs does)',
      { docker_credentials: { username: 'ci', password: 'pw', repository: '^allowed/' } },
      'docker_images[0].repository: org/app not permitted by ^allowed/',
    ],
    [
      'no docker_credentials',
      { docker_credentials: undefined },
      'docker_credentials: is required (username, password)',
    ],
    [
      'an invalid tag, named in the docker variables',
      { docker_images: [{ context: '.', repository: 'org/app', tags: ['ok', 'bad tag'] }] },
      'docker_images[0].tags[1]: "bad tag" is not a valid tag',
    ],
    [
      'a docker_registry with a path',
      { docker_registry: 'example.org/org' },
      'docker_registry: must be a registry host, got "example.org/org"',
    ],
  ])('%s', async (_name, extra, message) => {
    for (const role of [uploadDockerImageRole, promoteDockerImageRole]) {
      const { error } = await runRole(role, { ...base(), ...extra });
      expect(error?.message).toBe(message);
    }
  });
});
