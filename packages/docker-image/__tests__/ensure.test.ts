import { ensureDockerRole, ensurePodmanRole, ensureSkopeoRole } from '../src';
import { runRole } from './helpers';

/** ensure-docker / ensure-podman against the real engines, by their API endpoints. */
const host = (endpoint: string) => ({ name: 'node', vars: { container_engine_host: endpoint } });
const dockerHost = () => process.env.DOCKER_HOST!;
const podmanHost = () => process.env.ZUUL_TS_PODMAN_HOST!;

test('each engine found where the host points, and recognised', async () => {
  const docker = await runRole(ensureDockerRole, {}, host(dockerHost()));
  expect(docker.error).toBeUndefined();
  expect(docker.outcome?.summary).toMatch(/^docker \S+ \(API 1\.\d+\) at /);
  const podman = await runRole(ensurePodmanRole, {}, host(podmanHost()));
  expect(podman.error).toBeUndefined();
  expect(podman.outcome?.summary).toMatch(/^podman \S+ \(API 1\.\d+\) at /);
});

test('the wrong engine behind the endpoint is refused, naming what answered', async () => {
  const { error } = await runRole(ensureDockerRole, {}, host(podmanHost()));
  expect(error?.message).toMatch(
    new RegExp(`^ensure-docker: the engine at ${podmanHost()} is podman \\S+, not docker$`),
  );
});

test('an unreachable engine fails with the endpoint and the variable to set', async () => {
  const { error } = await runRole(ensurePodmanRole, {}, host('unix:///nonexistent/podman.sock'));
  expect(error?.message).toMatch(
    /^ensure-podman: cannot reach the container engine at unix:\/\/\/nonexistent\/podman\.sock: .*set the host variable container_engine_host/,
  );
});

test('ensure-skopeo needs nothing', async () => {
  const { error, outcome } = await runRole(ensureSkopeoRole, {});
  expect(error).toBeUndefined();
  expect(outcome?.summary).toMatch(/skopeo is not needed/);
});
