import { containerVars } from '../src';

/** The one mapping from the docker-image variables to the container-image ones. */
test('Docker Hub (empty docker_registry): short names, docker.io credentials, docker engine', () => {
  const vars = containerVars(
    {
      zuul_work_dir: 'src/app',
      docker_registry: '',
      docker_dockerfile: 'Dockerfile.ci',
      upload_docker_image_promote: false,
      docker_credentials: { username: 'u', password: 'p', repository: '^org/' },
      docker_images: [
        {
          context: 'a',
          repository: 'org/a',
          tags: ['1'],
          dockerfile: 'Dockerfile.a',
          labels: ['x=y'],
        },
        {
          context: 'b',
          repository: 'org/b',
          arch: ['linux/arm64'],
          build_args: ['K=V'],
          target: 't',
        },
      ],
    },
    { credentials: true },
  );
  expect(vars).toMatchObject({
    zuul_work_dir: 'src/app',
    container_command: 'docker',
    container_filename: 'Dockerfile.ci',
    upload_container_image_promote: false,
    promote_container_image_method: 'tag',
    container_registry_credentials: { 'docker.io': { username: 'u', password: 'p' } },
  });
  expect(vars.container_images).toEqual([
    {
      context: 'a',
      repository: 'org/a',
      registry: 'docker.io',
      tags: ['1'],
      labels: ['x=y'],
      container_filename: 'Dockerfile.a',
    },
    {
      context: 'b',
      repository: 'org/b',
      registry: 'docker.io',
      arch: ['linux/arm64'],
      build_args: ['K=V'],
      target: 't',
      container_filename: 'Dockerfile.ci',
    },
  ]);
  // The regex was checked here, against the name as written; the container check does not rerun it.
  expect(
    (vars.container_registry_credentials as Record<string, object>)['docker.io'],
  ).not.toHaveProperty('repository');
});

test('another registry: repository prefixed like zuul-jobs tags it, credentials keyed by it', () => {
  const vars = containerVars(
    {
      docker_registry: 'registry.example:5000',
      docker_credentials: { username: 'u', password: 'p', type: 'docker' },
      docker_images: [{ context: '.', repository: 'org/a' }],
    },
    { credentials: true },
  );
  expect(vars.container_images).toEqual([
    {
      context: '.',
      repository: 'registry.example:5000/org/a',
      registry: 'registry.example:5000',
      container_filename: 'Dockerfile',
    },
  ]);
  expect(vars.container_registry_credentials).toEqual({
    'registry.example:5000': { username: 'u', password: 'p', type: 'docker' },
  });
});

test('building needs no credentials', () => {
  const vars = containerVars(
    { docker_images: [{ context: '.', repository: 'a' }] },
    { credentials: false },
  );
  expect(vars).not.toHaveProperty('container_registry_credentials');
});
