import { runRole } from '@zuul-ts/job-composer';

// Through the job composer's runner with the stub's variables (nulls for unset optionals):
// schema validation passes and a dry run plans one engine push and the registry retags
// without touching an engine or a registry.
test('dry run via the runner: one engine push per image, the other tags by registry retag', async () => {
  const host = '127.0.0.1:9'; // nothing listens: a dry run must not connect
  const result = await runRole({
    role: 'upload-container-image',
    dryRun: true,
    vars: {
      zuul: { change: '12345', patchset: '3', pipeline: 'gate' },
      zuul_success: null,
      container_command: 'docker',
      container_images: [
        { context: '.', repository: `${host}/org/a`, registry: host, tags: ['latest', 'v1', 'v2'] },
        { context: '.', repository: `${host}/org/b`, registry: host },
      ],
      container_registry_credentials: { [host]: { username: 'u', password: 'dry-run-password' } },
      container_registry_ca: null,
      upload_container_image_promote: true,
      promote_container_image_method: null,
      promote_container_method: null,
    },
  });
  expect(result.error).toBeUndefined();
  expect(result.plan.map((o) => `${o.kind} ${o.target}`).sort()).toEqual(
    [
      `engine.push ${host}/org/a:change_12345_latest`,
      `registry.retag ${host}/org/a:change_12345_v1`,
      `registry.retag ${host}/org/a:change_12345_v2`,
      `engine.push ${host}/org/b:change_12345_latest`,
    ].sort(),
  );
});
