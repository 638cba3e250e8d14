import { validateRoleVars } from '@zuul-ts/job-composer/roles';
import { roles } from '../src';

const role = (name: string) => roles.find((r) => r.name === name)!;
const bsr = { host: '10.0.0.5', port: 5000, username: 'zuul', password: 'p', cert: 'PEM' };
const ir = { host: 'ir.example.org', port: '5000', username: 'u', password: 'p' };

// The runner validates the rendered variables against each role's schema before `run`.
test.each([
  [
    'push-to-intermediate-registry',
    {
      container_images: [
        { context: 'img', repository: 'quay.io/org/app', registry: 'quay.io', tags: ['latest'] },
      ],
      docker_images: [
        { context: '.', repository: 'org/app', dockerfile: 'Dockerfile', tags: ['1'] },
      ],
      intermediate_registry: ir,
      buildset_registry: bsr,
      zuul_success: true,
      zuul: {
        build: 'b1',
        artifacts: [],
        change: '1',
        pipeline: 'gate',
        executor: { work_root: '/w' },
      },
    },
  ],
  [
    'pull-from-intermediate-registry',
    {
      zuul_artifacts: [
        {
          name: 'n',
          url: 'docker://x/y:z',
          metadata: { type: 'container_image' },
          project: 'p',
          job: 'j',
        },
      ],
      intermediate_registry: ir,
      buildset_registry: bsr,
      zuul: { build: 'b1' },
    },
  ],
  [
    'run-buildset-registry',
    { buildset_registry_root: '/home/zuul/buildset_registry', buildset_registry_port: 5000 },
  ],
  [
    'stop-buildset-registry',
    { buildset_registry_root: '/r', buildset_registry_keep_storage: false },
  ],
  ['pause-buildset-registry', { buildset_registry: bsr }],
  [
    'use-buildset-registry',
    {
      buildset_registry: bsr,
      use_buildset_registry_root: '/',
      use_buildset_registry_engines: ['docker', 'podman'],
      buildset_registry_namespaces: [['quay.io', 'https://quay.io']],
      buildset_registry_unqualified_registries: ['docker.io'],
    },
  ],
])('%s: the role folder variables pass its schema', (name, vars) => {
  expect(validateRoleVars(role(name), vars)).toEqual([]);
});

test.each([
  [
    'push-to-intermediate-registry',
    { container_images: [{ repository: 'a/b', tags: 'latest' }] },
    'container_images[0].tags',
  ],
  [
    'push-to-intermediate-registry',
    { intermediate_registry: { host: 'h' } },
    'intermediate_registry.port',
  ],
  ['pull-from-intermediate-registry', { zuul_artifacts: {} }, 'zuul_artifacts'],
  ['run-buildset-registry', { buildset_registry_port: 'x' }, 'buildset_registry_port'],
  [
    'use-buildset-registry',
    { use_buildset_registry_engines: ['crio'] },
    'use_buildset_registry_engines[0]',
  ],
])('%s: %j fails at %s', (name, vars, path) => {
  expect(() => validateRoleVars(role(name), vars)).toThrow(path);
});
