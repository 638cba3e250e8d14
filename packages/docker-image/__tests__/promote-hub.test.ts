import {
  changeZuul,
  pushTestIndex,
  registryTagStore,
  startFakeDockerHub,
  uid,
  useRegistry,
} from '@zuul-ts/testing';
import type { FakeDockerHub } from '@zuul-ts/testing';
import { promoteDockerImageRole } from '../src';
import { runRole } from './helpers';

/**
 * promote-docker-image on a Docker Hub-type registry: the change tag's manifest is PUT as each
 * final tag through the registry API and the change tags are removed through the Hub web API
 * (a local stand-in over a real registry's tags), as zuul-jobs does on hub.docker.com.
 */
const reg = useRegistry('tls-auth');
let hub: FakeDockerHub;

beforeAll(async () => {
  hub = await startFakeDockerHub({
    // Docker Hub takes the same login for the registry and the web API.
    username: reg.server.username!,
    password: reg.server.password!,
    store: registryTagStore(reg.client, reg.server.host),
  });
});
afterAll(() => hub.stop());

test('an index promoted, change tags deleted through the Hub API, secrets masked', async () => {
  const repository = `org/hub-${uid()}`;
  const full = `${reg.server.host}/${repository}`;
  const index = await pushTestIndex(reg.client, `${full}:change_12345_latest`);
  await reg.client.retag(full, 'change_12345_latest', 'change_12345_2.0');
  const { error, ctx } = await runRole(promoteDockerImageRole, {
    zuul: changeZuul(),
    docker_registry: reg.server.host,
    // `type: docker` picks the Hub API for tag removal on a registry not named docker.io.
    docker_credentials: {
      username: reg.server.username,
      password: reg.server.password,
      type: 'docker',
    },
    container_registry_ca: { [reg.server.host]: reg.server.ca },
    remove_registry_tag_api_url: hub.apiUrl,
    docker_images: [{ context: '.', repository, tags: ['latest', '2.0'] }],
  });
  expect(error).toBeUndefined();
  expect((await reg.client.listTags(full)).sort()).toEqual(['2.0', 'latest']);
  for (const t of ['latest', '2.0'])
    expect((await reg.client.getManifest(`${full}:${t}`)).bytes.equals(index.bytes)).toBe(true);
  expect(hub.deletedPaths()).toEqual([
    `/v2/repositories/${repository}/tags/change_12345_2.0/`,
    `/v2/repositories/${repository}/tags/change_12345_latest/`,
  ]);
  const printed = JSON.stringify([ctx.logs, ctx.operations]);
  expect(printed).not.toContain(reg.server.password);
  for (const token of hub.tokens) expect(printed).not.toContain(token);
});
