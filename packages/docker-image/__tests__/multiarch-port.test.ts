import { join } from 'node:path';
import { mediaTypes } from '@zuul-ts/registry';
import { changeZuul, tempDir, uid, useRegistry, writeTree } from '@zuul-ts/testing';
import { buildDockerImageRole, uploadDockerImageRole } from '../src';
import { runRole, useDocker } from './helpers';

jest.setTimeout(180000);

/**
 * A multi-arch image for a registry whose host has a port (`127.0.0.1:<port>/org/app`): the
 * per-platform builds go through a temporary registry, where that repository is stored with
 * the port in a valid path component, and the final registry receives the index.
 */
const reg = useRegistry('plain');
const docker = useDocker();

test('two platforms built and uploaded as an index to a registry with a port', async () => {
  const repository = `org/multi-${uid()}`;
  const full = `${reg.server.host}/${repository}`;
  docker.track(`${full}:`);
  const home = tempDir('zuul-ts-docker-multi-');
  writeTree(join(home, 'src/app'), {
    Dockerfile: 'FROM scratch\nCOPY a.txt /a.txt\n',
    'a.txt': 'a',
  });
  const vars = {
    zuul: changeZuul(),
    ansible_user_dir: home,
    zuul_work_dir: 'src/app',
    docker_registry: reg.server.host,
    docker_credentials: { username: 'ci', password: 'pw' },
    upload_docker_image_promote: false,
    docker_images: [{ context: '.', repository, arch: ['linux/amd64', 'linux/arm64'] }],
  };
  const built = await runRole(buildDockerImageRole, vars);
  expect(built.error).toBeUndefined();
  const uploaded = await runRole(uploadDockerImageRole, vars);
  expect(uploaded.error).toBeUndefined();
  const index = await reg.client.getManifest(`${full}:latest`);
  expect([mediaTypes.OCI_INDEX, mediaTypes.DOCKER_LIST]).toContain(index.mediaType);
  for (const architecture of ['amd64', 'arm64'])
    expect(
      (await reg.client.getImageConfig(`${full}:latest`, { os: 'linux', architecture }))
        .architecture,
    ).toBe(architecture);
});
