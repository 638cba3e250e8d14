import { type Vars } from '@zuul-ts/role-kit';
import { runJob, runPlaybook, readResults, loadInventoryFile } from '@zuul-ts/job-composer';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registryWrites } from '../src';
import { engineImageIds } from './engine-images';
import { usePrivateDocker } from './private-docker';
import { run, useProxiedRegistry, useSuite, zuulVars } from './harness';

jest.setTimeout(120000);

// Issue 8 "Bad input": every case fails naming the variable path (or file:line), with zero
// registry writes (proxy counters) and zero engine builds (the engine's image list unchanged).
const { scanner, summary } = useSuite('bad-input');
const env = useProxiedRegistry(40);
usePrivateDocker('rel-bad-input');
const PASSWORD = 'bad-input-pass-7f3a9c';
let root: string;
let imagesBefore: string[];
beforeAll(async () => {
  scanner.addCredential('zuul', PASSWORD);
  root = mkdtempSync(join(tmpdir(), 'zuul-ts-bad-'));
  mkdirSync(join(root, 'src', 'app', 'img'), { recursive: true });
  writeFileSync(join(root, 'src', 'app', 'img', 'Dockerfile'), 'FROM scratch\nCOPY . /\n');
  imagesBefore = await engineImageIds();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const reg = () => env.proxy.host;
const repo = () => `${reg()}/org/bad`;
const creds = () => ({ [reg()]: { username: 'zuul', password: PASSWORD } });
const img = (extra: Record<string, unknown> = {}) => ({
  context: 'img',
  repository: repo(),
  registry: reg(),
  tags: ['latest'],
  ...extra,
});
const buildVars = (images: unknown, extra: Vars = {}): Vars => ({
  zuul: zuulVars({ project: { src_dir: join(root, 'src', 'app'), name: 'org/app' } }),
  container_command: 'docker',
  container_build_source_root: join(root, 'src'),
  container_images: images,
  container_registry_credentials: creds(),
  ...extra,
});
const promoteVars = (images: unknown, extra: Vars = {}): Vars => ({
  zuul: zuulVars(),
  container_images: images,
  container_registry_credentials: creds(),
  ...extra,
});
const irVar = () => ({
  host: '127.0.0.1',
  port: env.proxy.port,
  username: 'zuul',
  password: PASSWORD,
});

type Case = [name: string, expected: string | RegExp, go: () => Promise<Error | undefined>];
const role = (name: string, vars: () => Vars) => async () =>
  (await run(scanner, name, vars())).error;

/** A job or playbook file case: write files, run, return the error (rejection or failure). */
function files(setup: (dir: string) => Promise<Error | undefined>) {
  return async () => {
    const dir = mkdtempSync(join(root, 'case-'));
    try {
      const err = await setup(dir);
      scanner.capture('file case error', err);
      return err;
    } catch (e) {
      scanner.capture('file case rejection', e);
      return e as Error;
    }
  };
}
const playbook = (body: string, extraVars: Vars = {}) =>
  files(async (dir) => {
    writeFileSync(join(dir, 'pb.yaml'), body);
    return (await runPlaybook({ playbooks: [join(dir, 'pb.yaml')], extraVars })).error;
  });
const job = (zuulYaml: string, jobName = 'j') =>
  files(async (dir) => {
    writeFileSync(join(dir, 'zuul.yaml'), zuulYaml);
    return (
      await runJob({
        job: jobName,
        projectDir: dir,
        project: 'org/app',
        pipeline: 'check',
        change: '1',
        patchset: '1',
      })
    ).error;
  });

/** The message without the task prefix and run-specific temp paths/ports, for the doc. */
const shortMessage = (m: string) =>
  m
    .replace(/^include_role [^:]+:\d+\)?: /, '')
    .replace(/ \(role [^)]*; checked before[^)]*\)/, '')
    .replace(/\/tmp\/[^\s:]+\//g, '…/')
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
    .split('\n')[0]
    .slice(0, 140);

const BUILD = 'build-container-image';
const UPLOAD = 'upload-container-image';
const PROMOTE = 'promote-container-image';
const long = 'a'.repeat(129);

const cases: Case[] = [
  ['container_images not a list (build)', 'container_images', role(BUILD, () => buildVars('nope'))],
  [
    'container_images not a list (upload)',
    'container_images',
    role(UPLOAD, () => buildVars({ a: 1 })),
  ],
  [
    'container_images not a list (promote)',
    'container_images',
    role(PROMOTE, () => promoteVars(42)),
  ],
  [
    'item without repository (build)',
    'container_images[0].repository',
    role(BUILD, () => buildVars([{ context: 'img', tags: ['x'] }])),
  ],
  [
    'item without repository (upload)',
    'container_images[1].repository',
    role(UPLOAD, () => buildVars([img(), { context: 'img' }])),
  ],
  [
    'item without repository (promote)',
    'container_images[0].repository',
    role(PROMOTE, () => promoteVars([{ registry: reg() }])),
  ],
  [
    'repository an empty string',
    'container_images[0].repository',
    role(PROMOTE, () => promoteVars([img({ repository: '' })])),
  ],
  [
    'repository not a string',
    'container_images[0].repository',
    role(UPLOAD, () => buildVars([img({ repository: ['x'] })])),
  ],
  [
    'repository without a registry host (upload: no such local image)',
    'container_images[0]:',
    role(UPLOAD, () => buildVars([img({ repository: 'org/bad' })])),
  ],
  [
    'build: repository without a registry host',
    'container_images[0].repository',
    role(BUILD, () => buildVars([img({ repository: 'bad' })])),
  ],
  [
    'tags a string (build)',
    'container_images[0].tags',
    role(BUILD, () => buildVars([img({ tags: 'latest' })])),
  ],
  [
    'tags a string (promote)',
    'container_images[0].tags',
    role(PROMOTE, () => promoteVars([img({ tags: 'latest' })])),
  ],
  [
    'tag not a string',
    'container_images[0].tags[1]',
    role(UPLOAD, () => buildVars([img({ tags: ['ok', 3] })])),
  ],
  [
    'tag with invalid characters (build)',
    'container_images[0].tags[0]',
    role(BUILD, () => buildVars([img({ tags: ['bad tag!'] })])),
  ],
  [
    'tag with invalid characters (upload)',
    'container_images[0].tags[0]',
    role(UPLOAD, () => buildVars([img({ tags: ['no/slash'] })])),
  ],
  [
    'tag with invalid characters (promote)',
    'container_images[0].tags[1]',
    role(PROMOTE, () => promoteVars([img({ tags: ['ok', ':colon'] })])),
  ],
  [
    'tag over 128 characters (build)',
    'container_images[0].tags[0]',
    role(BUILD, () => buildVars([img({ tags: [long] })])),
  ],
  [
    'tag over 128 characters (promote)',
    'container_images[0].tags[0]',
    role(PROMOTE, () => promoteVars([img({ tags: [long] })])),
  ],
  [
    'tag starting with a dot',
    'container_images[0].tags[0]',
    role(UPLOAD, () => buildVars([img({ tags: ['.hidden'] })])),
  ],
  ['empty tag', 'container_images[0].tags[0]', role(BUILD, () => buildVars([img({ tags: [''] })]))],
  [
    'build_args a dict',
    'container_images[0].build_args',
    role(BUILD, () => buildVars([img({ build_args: { A: '1' } })])),
  ],
  [
    'build_args item not a string',
    'container_images[0].build_args[0]',
    role(BUILD, () => buildVars([img({ build_args: [{ A: 1 }] })])),
  ],
  [
    'context missing',
    'container_images[0].context',
    role(BUILD, () => buildVars([img({ context: undefined })])),
  ],
  [
    'context a directory that does not exist',
    'container_images[0].context',
    role(BUILD, () => buildVars([img({ context: 'nope' })])),
  ],
  [
    'context outside the source root',
    'container_images[0].context',
    role(BUILD, () => buildVars([img({ context: '../../../etc' })])),
  ],
  [
    'siblings naming a project not checked out',
    'container_images[0].siblings[0]',
    role(BUILD, () => buildVars([img({ siblings: ['example.org/not/there'] })])),
  ],
  [
    'siblings a string',
    'container_images[0].siblings',
    role(BUILD, () => buildVars([img({ siblings: 'org/lib' })])),
  ],
  [
    'labels a dict',
    'container_images[0].labels',
    role(BUILD, () => buildVars([img({ labels: { a: 'b' } })])),
  ],
  [
    'arch with an unknown platform',
    'container_images[0].arch[1]',
    role(BUILD, () => buildVars([img({ arch: ['linux/amd64', 'windows/pdp11'] })])),
  ],
  [
    'arch malformed',
    'container_images[0].arch[0]',
    role(BUILD, () => buildVars([img({ arch: ['amd64'] })])),
  ],
  [
    'container_filename outside the context',
    'container_images[0].container_filename',
    role(BUILD, () => buildVars([img({ container_filename: '../../../../etc/passwd' })])),
  ],
  [
    'container_command unknown',
    'container_command',
    role(BUILD, () => buildVars([img()], { container_command: 'rkt' })),
  ],
  [
    'credentials missing the registry (upload)',
    'container_images[0].registry',
    role(UPLOAD, () => buildVars([img()], { container_registry_credentials: {} })),
  ],
  [
    'credentials missing the registry (promote)',
    'container_images[0].registry',
    role(PROMOTE, () =>
      promoteVars([img()], {
        container_registry_credentials: {
          'other.example.org': { username: 'u', password: PASSWORD },
        },
      }),
    ),
  ],
  [
    'credentials not a dict',
    'container_registry_credentials',
    role(PROMOTE, () => promoteVars([img()], { container_registry_credentials: ['x'] })),
  ],
  [
    'credential password not a string',
    `container_registry_credentials`,
    role(UPLOAD, () =>
      buildVars([img()], {
        container_registry_credentials: { [reg()]: { username: 'u', password: 5 } },
      }),
    ),
  ],
  [
    'promote_container_image_method: foo',
    'promote_container_image_method',
    role(PROMOTE, () => promoteVars([img()], { promote_container_image_method: 'foo' })),
  ],
  [
    'intermediate method without the api',
    'promote_container_image_api',
    role(PROMOTE, () =>
      promoteVars([img()], {
        promote_container_image_method: 'intermediate-registry',
        intermediate_registry: irVar(),
      }),
    ),
  ],
  [
    'regex that does not compile (remove-registry-tag)',
    'remove_registry_tag_regex',
    role('remove-registry-tag', () => ({
      remove_registry_tag_repository: repo(),
      remove_registry_tag_regex: '([a-z',
      container_registry_credentials: creds(),
    })),
  ],
  [
    'remove-registry-tag without a repository',
    'remove_registry_tag_repository',
    role('remove-registry-tag', () => ({
      remove_registry_tag_regex: '^change_',
      container_registry_credentials: creds(),
    })),
  ],
  [
    'intermediate_registry without port',
    'intermediate_registry',
    role('push-to-intermediate-registry', () => ({
      zuul: zuulVars(),
      zuul_success: true,
      buildset_registry: irVar(),
      intermediate_registry: { host: '127.0.0.1' },
      container_images: [img()],
    })),
  ],
  [
    'buildset_registry port not a number',
    'buildset_registry.port',
    role('pull-from-intermediate-registry', () => ({
      zuul: zuulVars({ artifacts: [] }),
      buildset_registry: { host: '127.0.0.1', port: 'x80' },
      intermediate_registry: irVar(),
    })),
  ],
  [
    'YAML syntax error in a job file (file and line)',
    /zuul\.yaml:4: YAML syntax error/,
    job('- job:\n    name: j\n    vars: [unclosed\n'),
  ],
  [
    'a job with a parent cycle',
    /cycle|loop|parent/i,
    job('- job:\n    name: a\n    parent: j\n- job:\n    name: j\n    parent: a\n'),
  ],
  [
    'an undefined variable in a template',
    'no_such_variable',
    playbook(
      '- hosts: localhost\n  tasks:\n    - include_role:\n        name: promote-container-image\n      vars:\n        container_images: "{{ no_such_variable }}"\n',
      { zuul: zuulVars() },
    ),
  ],
  [
    'a template cycle',
    /loop_a|loop_b/,
    playbook(
      '- hosts: localhost\n  vars:\n    loop_a: "{{ loop_b }}"\n    loop_b: "{{ loop_a }}"\n  tasks:\n    - include_role:\n        name: promote-container-image\n      vars:\n        container_images: "{{ loop_a }}"\n',
      { zuul: zuulVars() },
    ),
  ],
  [
    'an inventory without all',
    /all/,
    files(async (dir) => {
      writeFileSync(join(dir, 'inventory.yaml'), 'ungrouped:\n  hosts:\n    h1: {}\n');
      loadInventoryFile(join(dir, 'inventory.yaml'));
      return undefined;
    }),
  ],
  [
    'a results file that is not JSON',
    /results\.json/,
    files(async (dir) => {
      writeFileSync(join(dir, 'results.json'), `{"data": {"password": "${PASSWORD}"`);
      readResults(join(dir, 'results.json'));
      return undefined;
    }),
  ],
  [
    'an unsupported task key in a playbook (file:line)',
    /pb\.yaml:3/,
    playbook('- hosts: localhost\n  tasks:\n    - shell: rm -rf /\n'),
  ],
  [
    'an unknown role',
    'no-such-role',
    playbook('- hosts: localhost\n  tasks:\n    - include_role:\n        name: no-such-role\n'),
  ],
];

describe('bad input: error names the variable path; zero registry writes; zero engine builds', () => {
  test.each(cases)('%s', async (_name, expected, go) => {
    env.proxy.reset();
    const err = await go();
    expect(err).toBeInstanceOf(Error);
    if (process.env.ZUUL_TS_REL_DEBUG) console.log(_name, '=>', err?.message);
    if (typeof expected === 'string') expect(err?.message).toContain(expected);
    else expect(err?.message).toMatch(expected);
    expect(err?.message).not.toContain(PASSWORD);
    expect(registryWrites(env.proxy)).toBe(0);
    expect(await engineImageIds()).toEqual(imagesBefore);
    summary.record({
      section: 'Bad input',
      case: _name,
      cases: 1,
      jobsFailedCleanly: 1,
      registryWrites: 0,
      note: shortMessage(err?.message ?? ''),
    });
  });
});
