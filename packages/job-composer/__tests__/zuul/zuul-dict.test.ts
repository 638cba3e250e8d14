import { join } from 'node:path';
import { builtinJobsSource, loadConfig } from '../../src/config';
import { freezeJob } from '../../src/freeze';
import { buildZuulDict, gerritChangeRef, type PipelineContext } from '../../src/zuul';
import { SITE_PIPELINES } from '@zuul-ts/testing';
import { tree } from '../config/helpers';

/** zuul.project (and each zuul.items[].project) of org/app on review.example.org. */
const APP_PROJECT = {
  name: 'org/app',
  short_name: 'app',
  canonical_hostname: 'review.example.org',
  canonical_name: 'review.example.org/org/app',
  src_dir: 'src/review.example.org/org/app',
};

const dir = tree({
  'zuul.yaml': `
- job:
    name: app-build
    parent: build-container-image
    tags: [z, a]
    timeout: 3600
    required-projects:
      - name: org/lib
        override-checkout: stable/1
- project:
    check: {jobs: [app-build]}
`,
});
const config = loadConfig([
  builtinJobsSource(),
  { path: SITE_PIPELINES, project: 'site/config', trusted: true },
  { path: join(dir, 'zuul.yaml'), project: 'org/app' },
]);
const project = { name: 'org/app', canonicalHostname: 'review.example.org' };

const COMMON_KEYS = [
  'build',
  'buildset',
  'ref',
  'pipeline',
  'post_review',
  'job',
  'voting',
  'project',
  'tenant',
  'event_id',
  'jobtags',
  'timeout',
  'pre_timeout',
  'post_timeout',
  'attempts',
  'max_attempts',
  'child_jobs',
  'items',
  'buildset_refs',
  'build_refs',
  'projects',
  'executor',
  'ansible_version',
  'playbook_context',
  'resources',
  'include_vars',
  '_inheritance_path',
  'change_url',
];

function zuulFor(pipeline: string, item: Partial<PipelineContext>) {
  const frozen = freezeJob(config, 'app-build', {
    project: 'org/app',
    pipeline,
    branch: item.branch,
    ref: item.tag ? `refs/tags/${item.tag}` : undefined,
  });
  return buildZuulDict(frozen, {
    project,
    pipeline,
    jobDir: '/jobs/b1',
    executorHostname: 'ze01',
    ...item,
  });
}

describe('buildZuulDict', () => {
  test('change item (check): string change/patchset, Gerrit ref, every common key', () => {
    const zuul = zuulFor('check', {
      change: 12345,
      patchset: 3,
      branch: 'main',
      changeMessage: 'Add image\n\nChange-Id: I1',
      commitId: 'c0ffee',
    });
    expect(Object.keys(zuul)).toEqual(
      expect.arrayContaining([
        ...COMMON_KEYS,
        'change',
        'patchset',
        'branch',
        'change_message',
        'message',
        'topic',
        'commit_id',
      ]),
    );
    expect(zuul).toMatchObject({
      change: '12345',
      patchset: '3',
      branch: 'main',
      ref: 'refs/changes/45/12345/3',
      pipeline: 'check',
      post_review: false,
      job: 'app-build',
      change_url: 'https://review.example.org/12345',
      message: Buffer.from('Add image\n\nChange-Id: I1').toString('base64'),
      topic: null,
      jobtags: ['a', 'z'],
      timeout: 3600,
      pre_timeout: null,
      attempts: 1,
      max_attempts: 3,
      child_jobs: [],
      ansible_version: '9',
      resources: {},
      project: APP_PROJECT,
      executor: {
        hostname: 'ze01',
        work_root: '/jobs/b1/work',
        src_root: '/jobs/b1/work/src',
        log_root: '/jobs/b1/work/logs',
        result_data_file: '/jobs/b1/work/results.json',
        inventory_file: '/jobs/b1/ansible/inventory.yaml',
      },
    });
    expect(zuul.build).toMatch(/^[0-9a-f]{32}$/);
    expect(zuul.buildset).toMatch(/^[0-9a-f]{32}$/);
    expect(zuul).not.toHaveProperty('tag');
    expect(zuul).not.toHaveProperty('artifacts');
    expect(zuul).not.toHaveProperty('newrev');
    expect(zuul.items).toEqual([
      {
        project: APP_PROJECT,
        change_url: 'https://review.example.org/12345',
        branch: 'main',
        change: '12345',
        patchset: '3',
        commit_id: 'c0ffee',
        change_message: 'Add image\n\nChange-Id: I1',
        topic: null,
      },
    ]);
    expect((zuul.buildset_refs as Record<string, unknown>[])[0].src_dir).toBe(
      'src/review.example.org/org/app',
    );
    expect(zuul.projects).toEqual({
      'review.example.org/org/app': expect.objectContaining({
        required: false,
        checkout: 'main',
        checkout_description: 'zuul branch',
        commit: 'c0ffee',
      }),
      'review.example.org/org/lib': expect.objectContaining({
        required: true,
        checkout: 'stable/1',
        checkout_description: 'project override ref',
        commit: null,
      }),
    });
    expect((zuul._inheritance_path as string[]).map((s) => s.split(' ')[1])).toEqual([
      'base',
      'build-container-image',
      'app-build',
      'app-build',
    ]); // last: the project-pipeline entry, applied as a variant
    expect(
      (zuul.playbook_context as { playbooks: { path: string }[] }).playbooks.map((p) => p.path),
    ).toEqual([join(builtinJobsSource().root!, 'playbooks/container-image/run.yaml')]);
  });

  test('tag item: tag, ref, newrev, commit_id; no branch/change/patchset/change_message/message/topic', () => {
    const zuul = zuulFor('tag', {
      tag: 'v1.2.0',
      newrev: 'abc123',
      oldrev: '0000000000000000000000000000000000000000',
    });
    expect(zuul).toMatchObject({
      tag: 'v1.2.0',
      ref: 'refs/tags/v1.2.0',
      newrev: 'abc123',
      commit_id: 'abc123',
      post_review: true,
    });
    for (const k of [
      'branch',
      'change',
      'patchset',
      'change_message',
      'message',
      'topic',
      'oldrev',
    ])
      expect(zuul).not.toHaveProperty(k);
    expect(zuul.change_url).toBe(
      'https://review.example.org/gitweb?p=org/app.git;a=commitdiff;h=abc123',
    );
    expect(
      (zuul.projects as Record<string, Record<string, unknown>>)['review.example.org/org/app'],
    ).toMatchObject({ checkout: 'v1.2.0', checkout_description: 'tag ref', commit: 'abc123' });
  });

  test('branch item (post): branch, refs/heads ref, oldrev/newrev', () => {
    const zuul = zuulFor('post', { branch: 'main', oldrev: 'aaa', newrev: 'bbb' });
    expect(zuul).toMatchObject({
      branch: 'main',
      ref: 'refs/heads/main',
      oldrev: 'aaa',
      newrev: 'bbb',
      commit_id: 'bbb',
    });
    for (const k of ['change', 'patchset', 'tag', 'change_message'])
      expect(zuul).not.toHaveProperty(k);
  });

  test('given ids, artifacts, child jobs, src dir and items ahead are used as given', () => {
    const artifacts = [
      {
        name: 'quay.io/org/img:latest',
        url: 'docker://r/x',
        metadata: { type: 'container_image' },
        project: 'org/app',
        job: 'reg',
        change: '1',
        patchset: '1',
        branch: 'main',
      },
    ];
    const zuul = zuulFor('gate', {
      change: '7',
      patchset: '1',
      branch: 'main',
      build: 'b'.repeat(32),
      buildset: 'c'.repeat(32),
      artifacts,
      childJobs: ['upload'],
      project: { ...project, srcDir: '/home/me/app' },
      itemsAhead: [{ project: { name: 'org/lib' }, change: '6', patchset: '2', branch: 'main' }],
    });
    expect([zuul.build, zuul.buildset]).toEqual(['b'.repeat(32), 'c'.repeat(32)]);
    expect(zuul.artifacts).toEqual(artifacts);
    expect(zuul.child_jobs).toEqual(['upload']);
    expect((zuul.project as Record<string, unknown>).src_dir).toBe('/home/me/app');
    expect((zuul.items as { change: string }[]).map((i) => i.change)).toEqual(['6', '7']);
    expect(Object.keys(zuul.projects as object)).toEqual([
      'review.example.org/org/lib',
      'review.example.org/org/app',
    ]);
  });

  test.each([
    ['12345', '3', 'refs/changes/45/12345/3'],
    ['5', '1', 'refs/changes/05/5/1'],
    ['100', '12', 'refs/changes/00/100/12'],
  ])('Gerrit ref of change %s patchset %s', (c, p, ref) => expect(gerritChangeRef(c, p)).toBe(ref));
});

describe('commit from the local checkout', () => {
  test('commit_id and projects[*].commit come from the srcDir HEAD (loose ref and packed-refs)', () => {
    const sha1 = 'a'.repeat(40);
    const sha2 = 'b'.repeat(40);
    const loose = tree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.git/refs/heads/main': `${sha1}\n`,
    });
    const packed = tree({
      '.git/HEAD': 'ref: refs/heads/dev\n',
      '.git/packed-refs': `# pack-refs with: peeled\n${sha2} refs/heads/dev\n`,
    });
    const a = zuulFor('check', {
      change: '1',
      patchset: '1',
      branch: 'main',
      project: { name: 'org/app', srcDir: loose },
    });
    expect(a.commit_id).toBe(sha1);
    expect(
      (a.projects as Record<string, { commit: string }>)['review.example.org/org/app'].commit,
    ).toBe(sha1);
    const b = zuulFor('post', { branch: 'main', project: { name: 'org/app', srcDir: packed } });
    expect(b.commit_id).toBe(sha2);
    const c = zuulFor('check', {
      change: '1',
      patchset: '1',
      branch: 'main',
      commitId: 'given',
      project: { name: 'org/app', srcDir: loose },
    });
    expect(c.commit_id).toBe('given');
    expect(
      zuulFor('check', {
        change: '1',
        patchset: '1',
        branch: 'main',
        project: { name: 'org/app', srcDir: tree({}) },
      }),
    ).not.toHaveProperty('commit_id');
  });
});

test('post_review follows the pipeline stanza; a pipeline without one is pre-review', () => {
  const d = tree({
    'zuul.yaml':
      '- pipeline: {name: gate, manager: dependent}\n- pipeline: {name: release, manager: independent, post-review: true}\n- job: {name: j, parent: build-container-image}\n',
  });
  const c = loadConfig([builtinJobsSource(), { path: join(d, 'zuul.yaml'), project: 'org/app' }]);
  const dict = (pipeline: string) =>
    buildZuulDict(freezeJob(c, 'j', { project: 'org/app', pipeline, branch: 'main' }), {
      project,
      pipeline,
      branch: 'main',
    });
  expect([
    dict('gate').post_review,
    dict('release').post_review,
    dict('check').post_review,
    dict('promote').post_review,
  ]).toEqual([false, true, false, false]);
});

test('include-vars projects appear in zuul.projects (not required)', () => {
  const d = tree({
    'zuul.yaml':
      '- job:\n    name: j\n    parent: build-container-image\n    include-vars: [{name: v.yaml, project: org/vars}]\n',
  });
  const c = loadConfig([builtinJobsSource(), { path: join(d, 'zuul.yaml'), project: 'org/app' }]);
  const z = buildZuulDict(
    freezeJob(c, 'j', { project: 'org/app', pipeline: 'check', branch: 'main' }),
    { project, pipeline: 'check', branch: 'main' },
  );
  expect(
    (z.projects as Record<string, Record<string, unknown>>)['review.example.org/org/vars'],
  ).toMatchObject({ name: 'org/vars', required: false, checkout: 'main' });
});
