import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { startRegistry, type RegistryServer } from '@zuul-ts/testing';
import { checkJob, runJob } from '../../src';
import { cli } from '../cli/helpers';
import { appJob, appJobArgv, tree } from './helpers';

jest.setTimeout(240000);

const INFRA = join(__dirname, '..', '..', '..', '..', 'scripts', 'infra.sh');

/** Image ids and tags on the engine (`GET /images/json?all=1` on its unix socket). */
function engineImageIds(dockerHost: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const req = request(
      { socketPath: dockerHost.replace(/^unix:\/\//, ''), path: '/images/json?all=1' },
      (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () =>
          resolve(
            (JSON.parse(body) as { Id: string; RepoTags?: string[] | null }[])
              .map((i) => `${i.Id} ${(i.RepoTags ?? []).sort().join(',')}`)
              .sort(),
          ),
        );
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * Bad input of a LATE role is found before any work of the job: a job that builds (run) then
 * uploads (post-run) with an invalid second upload image fails with exit 2 naming
 * `container_images[1].repository`, with no image built and nothing written to the registry.
 * The build and upload roles are the real built-in ones; the engine is a dockerd of this file's
 * own, so its image list is not disturbed by other suites.
 */
describe('role input is checked for every playbook before the job starts', () => {
  let registry: RegistryServer;
  let dockerHost: string;
  let savedDockerHost: string | undefined;
  beforeAll(async () => {
    dockerHost = execFileSync('bash', [INFRA, 'start-docker', 'jc-prevalidate'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    savedDockerHost = process.env.DOCKER_HOST;
    process.env.DOCKER_HOST = dockerHost;
    registry = await startRegistry({ flavour: 'plain' });
  });
  afterAll(async () => {
    process.env.DOCKER_HOST = savedDockerHost;
    await registry.stop();
    execFileSync('bash', [INFRA, 'stop-docker', 'jc-prevalidate'], { stdio: 'ignore' });
  });

  const project = (badUpload: boolean) => {
    const repo = `${registry.host}/org/prevalidate-${randomBytes(4).toString('hex')}`;
    const extra = badUpload ? ` + [{'context': '.', 'repository': 42}]` : '';
    const dir = tree({
      // A nonce layer: a build would add an image, not hit the cache of an earlier run.
      'app/Dockerfile': 'FROM scratch\nCOPY busybox /bin/busybox\nCOPY nonce /nonce\n',
      'app/nonce': randomBytes(8).toString('hex'),
      'app/zuul.yaml': `
- secret:
    name: pv-registry
    data:
      ${registry.host}:
        username: zuul
        password: pv-Password-not-checked
- job:
    name: pv-build-upload
    parent: build-container-image
    post-run: playbooks/upload.yaml
    secrets:
      - name: container_registry_credentials
        secret: pv-registry
    vars:
      container_command: docker
      container_images: "{{ app_images }}"
      app_images:
        - context: .
          repository: ${repo}
          registry: ${registry.host}
          tags: [latest]
`,
      // The upload sees one more image than the build (include_role vars): the second is bad.
      'app/playbooks/upload.yaml': `
- hosts: all
  tasks:
    - name: Upload
      include_role:
        name: upload-container-image
      vars:
        container_images: "{{ app_images${extra} }}"
        upload_container_image_promote: false
`,
    });
    copyFileSync('/bin/busybox', join(dir, 'app', 'busybox'));
    return { dir, repo };
  };
  const item = (dir: string) => ({ dir, pipeline: 'gate', change: '7' });
  const registryRepositories = () => {
    const d = join(registry.storageDir, 'docker', 'registry', 'v2', 'repositories');
    return existsSync(d) ? readdirSync(d, { recursive: true }) : [];
  };

  test('valid build + invalid upload container_images[1].repository: exit 2, nothing built or pushed', async () => {
    const { dir } = project(true);
    const before = await engineImageIds(dockerHost);
    const run = await cli(appJobArgv('pv-build-upload', item(dir)));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('container_images[1].repository');
    expect(run.stderr).toContain('upload-container-image');
    expect(run.stderr).not.toContain('pv-Password-not-checked');
    expect(await engineImageIds(dockerHost)).toEqual(before);
    expect(registryRepositories()).toEqual([]);

    const res = await runJob(appJob('pv-build-upload', item(dir)));
    expect(res.ok).toBe(false);
    expect((res.error?.cause as Error | undefined)?.name).toBe('InputError');
    expect(res.error?.message).toMatch(
      /upload-container-image input check on ubuntu-noble \(.*upload\.yaml:4\): container_images\[1\]\.repository: must be string/,
    );
    expect(res.playbooks.map((p) => p.status)).toEqual(['skipped', 'skipped', 'skipped']);
    expect(res.roles).toEqual([]);
    expect(await engineImageIds(dockerHost)).toEqual(before);
  });

  test('checkJob finds the same problem without running or writing anything', async () => {
    const { dir } = project(true);
    const before = await engineImageIds(dockerHost);
    const jobDir = join(dir, 'never-created');
    await expect(checkJob(appJob('pv-build-upload', item(dir), { jobDir }))).rejects.toThrow(
      /upload-container-image input check on ubuntu-noble .*container_images\[1\]\.repository: must be string/,
    );
    expect(existsSync(jobDir)).toBe(false);
    expect(await engineImageIds(dockerHost)).toEqual(before);
    await expect(checkJob(appJob('pv-build-upload', item(project(false).dir)))).resolves.toBe(
      undefined,
    );
  });

  test('the same job with a valid upload plans the build and the push (control)', async () => {
    const { dir, repo } = project(false);
    const res = await runJob(appJob('pv-build-upload', item(dir), { dryRun: true }));
    expect(res.error).toBeUndefined();
    expect(res.ok).toBe(true);
    const kinds = res.plan.map((o) => o.kind);
    expect(kinds).toContain('engine.build');
    expect(res.plan.some((o) => o.target.startsWith(repo))).toBe(true);
    expect(res.roles.map((r) => r.role)).toEqual([
      'build-container-image',
      'upload-container-image',
    ]);
  });
});
