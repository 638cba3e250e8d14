import { join } from 'node:path';
import {
  ConfigError,
  EncryptedValue,
  builtinJobsSource,
  loadConfig,
  projectConfigPaths,
} from '../../src/config';
import { tree } from './helpers';

describe('loadConfig', () => {
  test('reads folders recursively in sorted order and keeps each stanza source', () => {
    const dir = tree({
      'zuul.d/b.yaml': '- job:\n    name: b\n',
      'zuul.d/a/z.yaml': '- job:\n    name: az\n',
      'zuul.d/a.yaml': '- job: {name: a}\n- job:\n    name: a\n    vars: {x: 1}\n',
    });
    const config = loadConfig([join(dir, 'zuul.d')], { project: 'org/p' });
    expect(config.files.map((f) => f.slice(dir.length + 1))).toEqual([
      'zuul.d/a.yaml',
      'zuul.d/a/z.yaml',
      'zuul.d/b.yaml',
    ]);
    expect([...config.jobs.keys()]).toEqual(['a', 'az', 'b']);
    const [a1, a2] = config.jobs.get('a')!;
    expect(a1.source).toMatchObject({
      file: join(dir, 'zuul.d/a.yaml'),
      line: 1,
      project: 'org/p',
      root: dir,
    });
    expect(a2.source.line).toBe(2);
    expect(a2.vars).toEqual({ value: { x: 1 }, mode: undefined });
  });

  test('project checkout: the first of zuul.yaml, zuul.d, .zuul.yaml, .zuul.d wins', () => {
    const dir = tree({
      '.zuul.yaml': '- job: {name: hidden}\n',
      'zuul.d/x.yaml': '- job: {name: shown}\n',
    });
    const warnings: string[] = [];
    const files = projectConfigPaths(dir, (w) => warnings.push(w));
    expect(files).toEqual([join(dir, 'zuul.d/x.yaml')]);
    expect(warnings[0]).toMatch(/Multiple configuration files/);
  });

  test('anchors and aliases (incl. << merge keys) are shared between build, upload and promote jobs', () => {
    const dir = tree({
      'zuul.yaml': `
- job:
    name: my-build
    parent: build-container-image
    vars: &image_vars
      container_images: &images
        - context: .
          registry: quay.io
          repository: quay.io/org/app
          tags: [latest]
      container_command: docker
- job:
    name: my-upload
    parent: upload-container-image
    vars: *image_vars
- job:
    name: my-promote
    parent: promote-container-image
    vars:
      <<: *image_vars
      container_images: *images
      promote_container_image_method: tag
`,
    });
    const config = loadConfig([builtinJobsSource(), join(dir, 'zuul.yaml')]);
    const build = config.jobs.get('my-build')![0].vars!.value;
    expect(config.jobs.get('my-upload')![0].vars!.value).toEqual(build);
    expect(config.jobs.get('my-promote')![0].vars!.value).toEqual({
      ...build,
      promote_container_image_method: 'tag',
    });
  });

  test("scalars resolve as PyYAML (YAML 1.1), which Zuul's loader is built on", () => {
    const dir = tree({
      'zuul.yaml': `
- job:
    name: j
    voting: no
    timeout: 0x10
    vars: {on_flag: on, off_flag: Off, octal: 010, big: 1_000, sexagesimal: 1:20, y: y, text: '0x10'}
`,
    });
    const job = loadConfig([join(dir, 'zuul.yaml')]).jobs.get('j')![0];
    // python3 -c 'import yaml; print(yaml.safe_load(...))' on the same text
    expect(job.voting).toBe(false);
    expect(job.timeout).toBe(16);
    expect(job.vars!.value).toEqual({
      on_flag: true,
      off_flag: false,
      octal: 8,
      big: 1000,
      sexagesimal: 80,
      y: 'y',
      text: '0x10',
    });
  });

  test('!override and !inherit tags are kept on the attribute', () => {
    const dir = tree({
      'zuul.yaml': `
- job:
    name: j
    vars: !override {a: 1}
    dependencies: !inherit [x]
    tags: !override
      - t
- job:
    name: x
`,
    });
    const job = loadConfig([join(dir, 'zuul.yaml')]).jobs.get('j')![0];
    expect(job.vars).toEqual({ value: { a: 1 }, mode: 'override' });
    expect(job.dependencies).toEqual({ value: [{ name: 'x', soft: false }], mode: 'inherit' });
    expect(job.tags).toEqual({ value: ['t'], mode: 'override' });
  });

  test('!encrypted/pkcs1-oaep secret data loads undecrypted (scalar and chunk list)', () => {
    const dir = tree({
      'zuul.yaml': `
- secret:
    name: creds
    data:
      quay.io:
        username: robot
        password: !encrypted/pkcs1-oaep
          - AAAA
            BBBB
          - CCCC
      token: !encrypted/pkcs1-oaep DDDD
`,
    });
    const secret = loadConfig([join(dir, 'zuul.yaml')]).secrets.get('creds')!;
    const data = secret.data as Record<string, Record<string, unknown>>;
    expect(data['quay.io'].username).toBe('robot');
    expect(data['quay.io'].password).toEqual(new EncryptedValue(['AAAABBBB', 'CCCC']));
    expect(data.token).toEqual(new EncryptedValue(['DDDD']));
  });

  test('unknown stanzas warn and are ignored', () => {
    const dir = tree({
      'zuul.yaml': '- semaphore: {name: s, max: 1}\n- frobnicate: {name: x}\n- job: {name: j}\n',
    });
    const config = loadConfig([join(dir, 'zuul.yaml')]);
    expect(config.jobs.has('j')).toBe(true);
    expect(config.warnings).toEqual([
      expect.stringMatching(/zuul\.yaml:1: ignoring stanza "semaphore"/),
      expect.stringMatching(/zuul\.yaml:2: unknown stanza "frobnicate"/),
    ]);
  });

  test.each([
    [
      'unknown job attribute',
      '- job:\n    name: j\n    pre_run: x.yaml\n',
      3,
      /job\.pre_run: extra keys not allowed/,
    ],
    [
      'wrong type',
      '- job:\n    name: j\n    timeout: soon\n',
      3,
      /job\.timeout: expected an integer/,
    ],
    [
      'reserved variable name',
      '- job:\n    name: j\n    vars:\n      zuul: {}\n',
      4,
      /Variable name "zuul" is not allowed/,
    ],
    [
      'bad variable name',
      '- job:\n    name: j\n    vars:\n      a-b: 1\n',
      4,
      /may only contain letters, numbers, and underscores/,
    ],
    ['item with two keys', '- job: {name: a}\n  secret: {name: b}\n', 1, /exactly one key/],
    [
      "Ansible's !unsafe tag (Zuul's loader has none)",
      '- job:\n    name: j\n    vars: !unsafe {a: 1}\n',
      1,
      /unknown YAML tag: !unsafe/,
    ],
    ['not a list', 'job: {name: a}\n', 1, /must be a list of stanzas/],
    [
      'base job outside a config project',
      '- job:\n    name: b\n    parent: null\n',
      3,
      /Base jobs must be defined in config projects/,
    ],
    [
      'duplicate secret',
      '- secret: {name: s, data: {}}\n- secret:\n    name: s\n    data: {}\n',
      3,
      /Secret "s" is already defined/,
    ],
    ['yaml syntax', '- job:\n    name: a: b\n', 2, /YAML syntax error/],
    [
      '!override on a scalar attribute',
      '- job:\n    name: j\n    timeout: !override 5\n',
      3,
      /!override is not allowed on "timeout"/,
    ],
    [
      'unknown group node',
      '- nodeset:\n    name: n\n    nodes: [{name: a, label: l}]\n    groups:\n      - name: g\n        nodes: [b]\n',
      6,
      /unknown node b/,
    ],
  ])('%s -> ConfigError with file:line', (_name, text, line, message) => {
    const dir = tree({ 'zuul.yaml': text });
    let error: unknown;
    try {
      loadConfig([join(dir, 'zuul.yaml')]);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problem = (error as ConfigError).problems[0];
    expect(problem.file).toBe(join(dir, 'zuul.yaml'));
    expect(problem.line).toBe(line);
    expect(problem.message).toMatch(message);
    expect((error as Error).message).toContain(`${join(dir, 'zuul.yaml')}:${line}: `);
  });

  test('every problem of every file is reported at once', () => {
    const dir = tree({
      'zuul.d/a.yaml': '- job: {name: a, bogus: 1}\n',
      'zuul.d/b.yaml': '- job:\n    name: b\n    attempts: x\n',
    });
    expect(() => loadConfig([join(dir, 'zuul.d')])).toThrow(
      /a\.yaml:1: .*bogus[\s\S]*b\.yaml:3: .*attempts/,
    );
  });
});

describe('loadConfig with a project checkout', () => {
  test('kind checkout reads only the project config and resolves playbooks against the checkout', () => {
    const dir = tree({
      '.zuul.d/jobs.yaml': '- job: {name: a, run: playbooks/a.yaml}\n',
      'playbooks/a.yaml': '- hosts: all\n  tasks: []\n',
      'other/not-config.yaml': '- hosts: all\n',
    });
    const config = loadConfig([{ path: dir, kind: 'checkout', project: 'org/p' }]);
    expect(config.files).toEqual([join(dir, '.zuul.d/jobs.yaml')]);
    expect(config.jobs.get('a')![0].source).toMatchObject({ root: dir, project: 'org/p', line: 1 });
  });

  test('a checkout without config yields an empty config', () => {
    const dir = tree({ 'README.md': 'x' });
    expect(loadConfig([{ path: dir, kind: 'checkout' }]).jobs.size).toBe(0);
  });
});

describe('source lines', () => {
  test('playbook entries and project-pipeline entries carry their own line', () => {
    const dir = tree({
      'zuul.yaml': `- job:
    name: j
    pre-run:
      - a.yaml
      - {name: b.yaml, cleanup: true}
    run: r.yaml
- project:
    check:
      jobs:
        - j
        - j:
            vars: {x: 1}
`,
    });
    const config = loadConfig([join(dir, 'zuul.yaml')]);
    const job = config.jobs.get('j')![0];
    expect(job.preRun!.map((p) => p.line)).toEqual([4, 5]);
    expect(job.run![0].line).toBe(6);
    expect(
      config.projects.get('local/project')![0].pipelines.check.jobs.map((e) => e.source.line),
    ).toEqual([10, 11]);
  });
});

test('a malformed secret is reported without echoing its value', () => {
  const dir = tree({ 'zuul.yaml': '- secret:\n    name: s\n    data: hunter2-password\n' });
  let message = '';
  try {
    loadConfig([join(dir, 'zuul.yaml')]);
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toMatch(/zuul\.yaml:3: secret\.data: expected a mapping, got a string/);
  expect(message).not.toContain('hunter2');
});
