import { runRole } from '@zuul-ts/job-composer';
import { pushTestImage } from '@zuul-ts/testing';
import { hoursAgo, uniqueRepo, useRegistry, zuulVars } from './helpers';

jest.setTimeout(120000);

// The variables exactly as roles/<name>/tasks/main.yaml pipes them (`| default(None)` -> null),
// through the job composer's runner: schema validation, role defaults, operations, zuul_return.
const reg = useRegistry();

const stubVars = (repo: string) => ({
  zuul: zuulVars(),
  container_images: [{ repository: repo, registry: reg.server.host, tags: ['latest'] }],
  container_registry_credentials: {
    [reg.server.host]: { username: 'zuul', password: 'stub-password' },
  },
  container_registry_ca: null,
  intermediate_registry: null,
  promote_container_image_method: null,
  promote_container_method: null,
  promote_container_image_api: null,
  promote_container_image_pipeline: null,
  promote_container_image_job: null,
  promote_container_image_query: 'change=12345&patchset=3&pipeline=None&job_name=None',
  remove_registry_tag_regex: null,
  remove_registry_tag_age: null,
  remove_registry_tag_api_url: null,
});

test('promote-container-image via the runner: dry run plans, real run promotes and returns data', async () => {
  const repo = `${reg.server.host}/${uniqueRepo('runner')}`;
  const img = await pushTestImage(reg.client, `${repo}:change_12345_latest`, {
    created: hoursAgo(1),
  });
  const dry = await runRole({
    role: 'promote-container-image',
    vars: stubVars(repo),
    dryRun: true,
  });
  expect(dry.error).toBeUndefined();
  expect(dry.plan.map((o) => `${o.kind} ${o.target}`)).toEqual([
    `registry.retag ${repo}:latest`,
    `registry.delete-tag ${repo}:change_12345_latest`,
    `registry.cleanup-tags ${repo}`,
  ]);
  expect(await reg.client.listTags(repo)).toEqual(['change_12345_latest']);
  expect(dry.returned).toEqual([]);

  const real = await runRole({ role: 'promote-container-image', vars: stubVars(repo) });
  expect(real.error).toBeUndefined();
  expect(real.ok).toBe(true);
  expect(real.plan.map((o) => o.kind)).toEqual(dry.plan.map((o) => o.kind));
  expect(await reg.client.listTags(repo)).toEqual(['latest']);
  expect(real.returned).toEqual([
    {
      data: {
        promoted_container_images: [{ repository: repo, tag: 'latest', digest: img.digest }],
      },
    },
  ]);
});

test('remove-registry-tag via the runner with null optionals; bad input is an InputError', async () => {
  const repo = `${reg.server.host}/${uniqueRepo('runner-rm')}`;
  await pushTestImage(reg.client, `${repo}:change_1_x`);
  await reg.client.retag(repo, 'change_1_x', 'keep');
  const ok = await runRole({
    role: 'remove-registry-tag',
    vars: {
      zuul: zuulVars(),
      remove_registry_tag_repository: repo,
      remove_registry_tag_tag: 'change_1_x',
      remove_registry_tag_api_url: null,
      container_registry_credentials: null,
      container_registry_ca: null,
    },
  });
  expect(ok.error).toBeUndefined();
  expect(await reg.client.listTags(repo)).toEqual(['keep']);
  const bad = await runRole({
    role: 'remove-registry-tag',
    vars: {
      zuul: zuulVars(),
      remove_registry_tag_repository: repo,
      remove_registry_tag_age: 'yesterday',
    },
  });
  expect(bad.ok).toBe(false);
  expect(bad.error?.message).toMatch(/: remove_registry_tag_age: must be integer/);
  expect(await reg.client.listTags(repo)).toEqual(['keep']);
});
