import { join } from 'node:path';
import { runJob } from '@zuul-ts/job-composer';
import {
  SITE_PIPELINES,
  pushTestIndex,
  tempDir,
  uid,
  useRegistry,
  writeTree,
} from '@zuul-ts/testing';
import { useDocker } from './helpers';

// The site's pipelines declare gate, promote and periodic post-review, so jobs using the
// project's secrets may run there.
const siteConfig = [SITE_PIPELINES];

jest.setTimeout(180000);

/**
 * The zuul-jobs job names from jobs/zuul.d, run through their playbook stubs by the job runner
 * (the way a Zuul tenant's child jobs use them): upload-docker-image in gate, then
 * promote-docker-image in promote; mirror-container-images in a periodic pipeline.
 */
const reg = useRegistry('tls-auth');
const docker = useDocker();

function project(config: string, files: Record<string, string> = {}): string {
  const dir = join(tempDir('zuul-ts-docker-jobs-'), 'app');
  writeTree(dir, { 'zuul.yaml': config, ...files });
  return dir;
}

const secret = () => `
- secret:
    name: registry-login
    data:
      username: ${reg.server.username}
      password: ${reg.server.password}
`;

test('upload-docker-image (gate) then promote-docker-image (promote) on a TLS registry', async () => {
  const repository = `org/jobapp-${uid()}`;
  const full = `${reg.server.host}/${repository}`;
  docker.track(`${full}:`);
  const dir = project(
    `${secret()}
- job:
    name: app-upload
    parent: upload-docker-image
    vars: &vars
      docker_registry: ${reg.server.host}
      container_registry_ca:
        ${reg.server.host}: ${JSON.stringify(reg.server.ca)}
      docker_images: &images
        - context: .
          repository: ${repository}
          labels: [org.example.job=upload]
    secrets:
      - name: docker_credentials
        secret: registry-login
        pass-to-parent: true
- job:
    name: app-promote
    parent: promote-docker-image
    vars: *vars
    secrets:
      - name: docker_credentials
        secret: registry-login
        pass-to-parent: true
`,
    { Dockerfile: 'FROM scratch\nCOPY zuul.yaml /zuul.yaml\n' },
  );
  const item = { projectDir: dir, project: 'org/app', change: '77', patchset: '1' };
  const upload = await runJob({ job: 'app-upload', pipeline: 'gate', siteConfig, ...item });
  expect(upload.error).toBeUndefined();
  expect(upload.playbooks.map((p) => [p.phase, p.path.split('/').slice(-2).join('/')])).toEqual([
    ['pre-run', 'docker-image/pre.yaml'],
    ['run', 'docker-image/run.yaml'],
    ['post-run', 'docker-image/upload.yaml'],
  ]);
  expect(await reg.client.listTags(full)).toEqual(['change_77_latest']);
  const staged = (await reg.client.headManifest(`${full}:change_77_latest`))!.digest;
  const labels = (await reg.client.getImageConfig(`${full}:change_77_latest`)).config?.Labels;
  expect(labels).toMatchObject({ 'org.example.job': 'upload', 'org.zuul-ci.change': '77' });

  const promote = await runJob({ job: 'app-promote', pipeline: 'promote', siteConfig, ...item });
  expect(promote.error).toBeUndefined();
  expect(promote.playbooks.map((p) => p.path.split('/').slice(-2).join('/'))).toEqual([
    'docker-image/promote.yaml',
  ]);
  expect(await reg.client.listTags(full)).toEqual(['latest']);
  expect((await reg.client.headManifest(`${full}:latest`))?.digest).toBe(staged);
});

test('mirror-container-images: mirror-pre.yaml and mirror.yaml copy an index', async () => {
  const from = `${reg.server.host}/org/upstream-${uid()}`;
  const to = `${reg.server.host}/mirror/copy-${uid()}`;
  const index = await pushTestIndex(reg.client, `${from}:1.0`);
  const dir = project(`
- secret:
    name: mirror-login
    data:
      ${JSON.stringify(reg.server.host)}:
        username: ${reg.server.username}
        password: ${reg.server.password}
        repository: ^${reg.server.host.replace(/\./g, '\\.')}/mirror/
- job:
    name: app-mirror
    parent: mirror-container-images
    vars:
      container_registry_ca:
        ${reg.server.host}: ${JSON.stringify(reg.server.ca)}
      mirror_container_images_images:
        - src_repository: ${from}
          src_tag: '1.0'
          dest_repository: ${to}
          dest_tag: stable
          dest_registry: ${reg.server.host}
    secrets:
      - name: container_registry_credentials
        secret: mirror-login
        pass-to-parent: true
`);
  const run = await runJob({
    job: 'app-mirror',
    pipeline: 'periodic',
    siteConfig,
    projectDir: dir,
  });
  expect(run.error).toBeUndefined();
  expect(run.playbooks.map((p) => p.path.split('/').slice(-2).join('/'))).toEqual([
    'container-image/mirror-pre.yaml',
    'container-image/mirror.yaml',
  ]);
  const copied = await reg.client.getManifest(`${to}:stable`);
  expect(copied.digest).toBe(index.digest);
  expect(copied.bytes.equals(index.bytes)).toBe(true);
});
