import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SITE_PIPELINES } from '@zuul-ts/testing';
import { ConfigError, loadConfig, type ConfigSource } from '../../src/config';
import {
  FreezeError,
  freezeJob,
  projectJobGraph,
  projectVars,
  type FreezeContext,
} from '../../src/freeze';
import { implicitRoleName } from '../../src/freeze/values';
import { itemConfigSources } from '../../src/playbook/job-setup';
import { buildZuulDict, freezeContextFor, tagNewrev } from '../../src/zuul';
import { tree } from '../config/helpers';

/**
 * Zuul's job model rules (zuul/model.py, zuul/configloader.py, zuul/change_matcher.py and
 * doc/source/config/), one test each, named after the rule.
 */

const BASE = `
- job: {name: base, parent: null, run: base.yaml, timeout: 600}
`;

/** [project, trusted, text] per file; the site pipelines and a trusted base come first. */
function load(...files: [string, boolean, string][]) {
  const dir = tree(Object.fromEntries(files.map(([, , text], i) => [`p${i}/zuul.yaml`, text])));
  const sources: ConfigSource[] = [
    { path: SITE_PIPELINES, project: 'site/config', trusted: true },
    { path: tree({ 'zuul.yaml': BASE }), project: 'site/base', trusted: true },
    ...files.map(([project, trusted], i) => ({
      path: join(dir, `p${i}/zuul.yaml`),
      project,
      trusted,
      root: join(dir, `p${i}`),
    })),
  ];
  return loadConfig(sources);
}

const app = (text: string) => load(['org/app', false, text]);
const ctx = (over: Partial<FreezeContext> = {}): FreezeContext => ({
  project: 'org/app',
  pipeline: 'check',
  branch: 'master',
  ...over,
});
const jobs = (config: ReturnType<typeof load>, c: FreezeContext) =>
  projectJobGraph(config, c).map((n) => n.name);

function git(dir: string, ...args: string[]): string {
  return execFileSync(
    'git',
    ['-C', dir, '-c', 'user.name=t', '-c', 'user.email=t@example.org', ...args],
    { encoding: 'utf8' },
  ).trim();
}

/** A git checkout with `files` committed on `master`. */
function repo(files: Record<string, string>): string {
  const dir = tree({});
  git(dir, 'init', '-q', '-b', 'master');
  commit(dir, files, 'initial');
  return dir;
}

function commit(dir: string, files: Record<string, string>, message: string): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', message);
}

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError || e instanceof FreezeError) return e.message;
    throw e;
  }
  throw new Error('expected an error');
}

describe('tag items and branch matchers (BranchMatcher.matches)', () => {
  const config = () =>
    app(`
- job: {name: release, run: r.yaml, branches: master}
- job: {name: release, branches: master, vars: {from_master_variant: true}}
- job: {name: stable-release, run: r.yaml, branches: ^stable/.*$}
- project: {tag: {jobs: [release, stable-release]}}
`);

  // A Tag has no branch: a branch matcher matches its ref or any of its containing_branches.
  test('BranchMatcher: a tag item matches branches against the branches containing the tagged commit', () => {
    const dir = repo({ 'README.md': 'x\n' });
    git(dir, 'tag', 'v1.0');
    git(dir, 'checkout', '-q', '-b', 'stable/1.x');
    commit(dir, { 'fix.txt': 'y\n' }, 'stable fix');
    git(dir, 'tag', 'v1.1');
    const c = config();
    const onMaster = freezeContextFor({
      project: 'org/app',
      pipeline: 'tag',
      projectDir: dir,
      tag: 'v1.0',
    });
    expect(onMaster.containingBranches).toEqual(['master', 'stable/1.x']);
    const onStable = freezeContextFor({
      project: 'org/app',
      pipeline: 'tag',
      projectDir: dir,
      tag: 'v1.1',
    });
    expect(onStable.containingBranches).toEqual(['stable/1.x']);
    expect(jobs(c, onMaster)).toEqual(['release', 'stable-release']);
    expect(freezeJob(c, 'release', onMaster).vars).toEqual({ from_master_variant: true });
    expect(jobs(c, onStable)).toEqual(['stable-release']);
  });

  test('BranchMatcher: containing branches may be given explicitly (--containing-branch)', () => {
    const c = config();
    const item = freezeContextFor({
      project: 'org/app',
      pipeline: 'tag',
      projectDir: tree({}),
      tag: 'v2.0',
      containingBranches: ['master'],
    });
    expect(jobs(c, item)).toEqual(['release']);
    expect(jobs(c, { ...item, containingBranches: [] })).toEqual([]);
  });
});

describe('regex matchers (ZuulRegex: a string or {regex, negate})', () => {
  // configloader's matcher schema accepts both forms; negate inverts the match.
  test('ZuulRegex: {regex, negate} and plain regex strings in branches, files and irrelevant-files', () => {
    const c = app(`
- job: {name: not-stable, run: r.yaml, branches: [{regex: ^stable/.*$, negate: true}]}
- job: {name: feature, run: r.yaml, branches: 'feature/.*'}
- job: {name: images, run: r.yaml, files: [{regex: ^images/, negate: false}, Dockerfile]}
- job: {name: code, run: r.yaml, irrelevant-files: [{regex: ^(docs|images)/}, '.*\\.md$']}
- project: {check: {jobs: [not-stable, feature, images, code]}}
`);
    expect(jobs(c, ctx({ branch: 'master', files: ['images/app/Dockerfile'] }))).toEqual([
      'not-stable',
      'images',
    ]);
    expect(jobs(c, ctx({ branch: 'stable/1', files: ['src/a.py'] }))).toEqual(['code']);
    expect(jobs(c, ctx({ branch: 'feature/x', files: ['README.md', 'docs/a'] }))).toEqual([
      'not-stable',
      'feature',
    ]);
  });

  // ProjectParser: a project stanza whose name starts with ^ is a regex over project names.
  test('regex project stanzas apply to every matching project', () => {
    const c = app(`
- job: {name: lint, run: r.yaml}
- project: {name: ^org/.*$, check: {jobs: [lint]}}
`);
    expect(jobs(c, ctx({ project: 'org/other' }))).toEqual(['lint']);
    expect(jobs(c, ctx({ project: 'elsewhere/x' }))).toEqual([]);
  });
});

describe('files and irrelevant-files (Job.changeMatchesFiles)', () => {
  const config = () =>
    app(`
- job: {name: images, run: r.yaml, files: ^images/.*$}
- job: {name: docs-skip, run: r.yaml, irrelevant-files: ^docs/.*$}
- job: {name: needed-by-images, run: r.yaml, files: ^never/}
- job: {name: images-with-dep, run: r.yaml, files: ^images/.*$, dependencies: [needed-by-images]}
- project: {check: {jobs: [images, docs-skip, needed-by-images, images-with-dep]}}
`);

  // MatchAnyFiles / MatchAllFiles over the files of the change (its commit vs its parent).
  test('changeMatchesFiles: a change touching only docs/ runs neither an images job nor an irrelevant-files docs job', () => {
    const dir = repo({ 'images/app/Dockerfile': 'FROM scratch\n', 'docs/a.md': 'a\n' });
    commit(dir, { 'docs/a.md': 'b\n' }, 'docs only');
    const item = freezeContextFor({ project: 'org/app', pipeline: 'check', projectDir: dir });
    expect(item.files).toEqual(['docs/a.md']);
    expect(jobs(config(), item)).toEqual([]);
    commit(dir, { 'images/app/Dockerfile': 'FROM scratch\n# x\n' }, 'images');
    const images = freezeContextFor({ project: 'org/app', pipeline: 'check', projectDir: dir });
    expect(jobs(config(), images)).toEqual([
      'images',
      'docs-skip',
      'needed-by-images',
      'images-with-dep',
    ]);
  });

  // The merger diffs a merge commit against its first parent: what it brings into the branch.
  test('getFilesChanges: a merge commit lists the files it brings in (vs its first parent)', () => {
    const dir = repo({ 'docs/a.md': 'a\n' });
    git(dir, 'checkout', '-q', '-b', 'topic');
    commit(dir, { 'images/app/Dockerfile': 'FROM scratch\n' }, 'topic');
    git(dir, 'checkout', '-q', 'master');
    commit(dir, { 'docs/b.md': 'b\n' }, 'master moves on');
    git(dir, 'merge', '-q', '--no-ff', '-m', 'merge topic', 'topic');
    const item = freezeContextFor({ project: 'org/app', pipeline: 'check', projectDir: dir });
    expect(item.files).toEqual(['images/app/Dockerfile']);
    expect(jobs(config(), item)).toContain('images');
  });

  // The checkout is the project's own repository: a folder inside another one has no files.
  test('getFilesChanges: a project folder inside another repository has no change files', () => {
    const dir = repo({ 'sub/zuul.yaml': '[]\n', 'other.txt': 'x\n' });
    const item = freezeContextFor({
      project: 'org/app',
      pipeline: 'check',
      projectDir: join(dir, 'sub'),
    });
    expect([item.files, item.projectBranches]).toEqual([undefined, undefined]);
  });

  // JobGraph.removeNonMatchingJobs: a hard dependency of a job that runs is run anyway.
  test('removeNonMatchingJobs: a non-matching hard dependency of a matching job still runs', () => {
    const item = ctx({ files: ['images/x'], pipeline: 'check' });
    expect(jobs(config(), item)).toEqual([
      'images',
      'docs-skip',
      'needed-by-images',
      'images-with-dep',
    ]);
    expect(jobs(config(), { ...item, files: ['docs/x'] })).toEqual([]);
  });

  // MatchAnyFiles/MatchAllFiles: no files (or only /COMMIT_MSG) matches `files`, not `irrelevant-files`.
  test('changeMatchesFiles: without files, files matchers match and irrelevant-files do not', () => {
    expect(jobs(config(), ctx({ files: ['/COMMIT_MSG'] }))).toEqual([
      'images',
      'docs-skip',
      'needed-by-images',
      'images-with-dep',
    ]);
  });

  // doc job.match-on-config-updates: a change to the job's own config runs it regardless.
  test('match-on-config-updates: a change to the config defining the job runs it; false turns that off', () => {
    const c = app(`
- job: {name: images, run: r.yaml, files: ^images/}
- job: {name: strict, run: r.yaml, files: ^images/, match-on-config-updates: false}
- project: {check: {jobs: [images, strict]}}
`);
    expect(jobs(c, ctx({ files: ['zuul.yaml'] }))).toEqual(['images']);
    expect(jobs(c, ctx({ files: ['r.yaml'] }))).toEqual(['images']);
    expect(jobs(c, ctx({ files: ['src/x'] }))).toEqual([]);
  });
});

describe('regex project stanzas in Zuul order (configloader _addLayoutItems)', () => {
  // Per config source, exact-name stanzas first, then the regex stanzas matching the project.
  test('regex project stanzas follow the exact-name stanzas of the same source', () => {
    const c = load(
      [
        'site/config',
        true,
        `
- job: {name: site-lint, run: r.yaml}
- project: {name: ^org/.*$, vars: {who: regex-site, site: 1}, check: {jobs: [site-lint]}}
- project: {name: org/app, vars: {who: exact-site}}
`,
      ],
      [
        'org/app',
        false,
        `
- job: {name: unit, run: r.yaml}
- project: {vars: {who: own}, check: {jobs: [unit]}}
`,
      ],
    );
    expect(projectVars(c, 'org/app', 'check')).toEqual({ who: 'own', site: 1 });
    expect(jobs(c, ctx())).toEqual(['site-lint', 'unit']);
    const siteOnly = projectVars(c, 'org/other', 'check');
    expect(siteOnly).toEqual({ who: 'regex-site', site: 1 });
  });
});

describe('post-review pipelines (PipelineParser, JobParser)', () => {
  const secretJob = `
- secret: {name: creds, data: {password: pw}}
- job: {name: upload, run: r.yaml, secrets: [creds]}
`;

  // PipelineParser: post-review defaults to false; a pipeline with no stanza is pre-review.
  test('post-review: a pipeline is pre-review unless the site config declares it post-review', () => {
    const c = app(secretJob);
    expect(freezeJob(c, 'upload', ctx({ pipeline: 'gate' })).pipelinePostReview).toBe(true);
    for (const pipeline of ['check', 'experimental', 'undeclared'])
      expect(configError(() => freezeJob(c, 'upload', ctx({ pipeline })))).toBe(
        `Pre-review pipeline ${pipeline} does not allow post-review job upload`,
      );
  });

  // JobParser: "Once set, the post-review attribute may not be unset" for any false value.
  test('post-review: false is refused wherever it appears', () => {
    expect(configError(() => app(`- job: {name: j, run: r.yaml, post-review: false}`))).toMatch(
      /post-review: Once set, the post-review attribute may not be unset$/,
    );
  });
});

describe('shadowing (Layout.addJob)', () => {
  // All variants of a job come from one project unless the tenant lets it shadow another.
  test('addJob: a job defined in two projects is an error unless the later one may shadow', () => {
    const text = `- job: {name: shared, run: r.yaml}`;
    expect(configError(() => load(['org/lib', false, text], ['org/app', false, text]))).toMatch(
      /Job shared in org\/app is not permitted to shadow job shared in org\/lib/,
    );
    const dir = tree({
      'a.yaml': `- job: {name: shared, run: a.yaml}`,
      'b.yaml': `- job: {name: shared, run: b.yaml, vars: {x: 1}}`,
    });
    const c = loadConfig([
      { path: tree({ 'zuul.yaml': BASE }), project: 'site/base', trusted: true },
      { path: join(dir, 'a.yaml'), project: 'site/config', trusted: true },
      { path: join(dir, 'b.yaml'), project: 'org/app', shadow: ['site/config'] },
    ]);
    expect(c.jobs.get('shared')!.map((v) => v.source.project)).toEqual(['site/config']);
  });
});

describe('shadowing the built-in jobs (tenant shadow setting)', () => {
  // The config project comes first; zuul-jobs (the built-in jobs) may shadow it.
  test('shadow: a site config base job replaces the built-in base', () => {
    const site = tree({ 'zuul.yaml': `- job: {name: base, parent: null, run: site-base.yaml}` });
    const c = loadConfig(
      itemConfigSources({ siteConfig: [join(site, 'zuul.yaml')], projectDir: tree({}) }, 'org/app'),
    );
    expect(c.jobs.get('base')!.map((v) => v.source.project)).toEqual(['site/config']);
    expect(c.jobs.get('build-container-image')![0].source.project).toBe('zuul/zuul-jobs');
  });
});

describe('configuration errors at load time (Job.validateReferences)', () => {
  // Every reference problem of the whole config, reported together when it loads.
  test('validateReferences: missing or final parent, unknown nodeset and dependencies, for the whole config', () => {
    const message = configError(() =>
      app(`
- job: {name: orphan, parent: ghost, run: r.yaml}
- job: {name: sealed, final: true, run: r.yaml}
- job: {name: child, parent: sealed}
- job: {name: far, run: r.yaml, nodeset: nope}
- job: {name: deps, run: r.yaml, dependencies: [missing]}
- project: {check: {jobs: [unlisted]}}
`),
    );
    expect(message.split('\n').map((l) => l.replace(/^.*zuul\.yaml:\d+: /, ''))).toEqual([
      'Job ghost not defined',
      'The parent of job "child", "sealed" is final and can not act as a parent',
      'The nodeset "nope" was not found.',
      'Job missing not defined',
      'Job unlisted not defined',
    ]);
  });

  // zuul/lib/varnames.py: ^[A-Za-z0-9_]+$ — a leading digit or underscore is valid.
  test('check_varnames: 9lives and _private are valid names; a dash is not', () => {
    expect(() =>
      app(`- job: {name: j, run: r.yaml, vars: {9lives: 1, _private: 2}}`),
    ).not.toThrow();
    expect(configError(() => app(`- job: {name: j, run: r.yaml, vars: {my-var: 1}}`))).toMatch(
      /Variable names may only contain letters, numbers, and underscores: "my-var"/,
    );
  });

  // Job.applyVariant: a variant of a final job may not change execution attributes; the error
  // shows the value as written (YAML), not an internal representation.
  test('applyVariant: a variant of a final job is refused, its value printed as YAML', () => {
    const c = app(`
- job: {name: sealed, final: true, run: r.yaml}
- job: {name: sealed, vars: {x: [1, 2]}}
`);
    expect(configError(() => freezeJob(c, 'sealed', ctx()))).toMatch(
      /^Unable to modify final job <Job sealed .*> attribute vars=\{x: \[1, 2\]\} with variant/,
    );
  });
});

describe('smaller rules', () => {
  // Job.freezeJob: an inherited timeout below the pre-timeout caps it.
  test('freezeJob: pre-timeout is capped by an inherited timeout', () => {
    const c = app(`
- job: {name: p, run: r.yaml, pre-timeout: 900}
`);
    const j = freezeJob(c, 'p', ctx());
    expect([j.preTimeout, j.timeout]).toEqual([600, 600]);
    expect(
      configError(() => app(`- job: {name: q, run: r.yaml, pre-timeout: 9, timeout: 5}`)),
    ).toMatch(/pre-timeout may not be greater than timeout/);
  });

  // Layout._collectJobVariants: override-checkout (of a project-pipeline entry or a child)
  // selects the branch the variants are matched against.
  test('_collectJobVariants: override-checkout picks which branch variant applies', () => {
    const c = app(`
- job: {name: j, run: r.yaml, branches: master, vars: {v: master}}
- job: {name: j, branches: stable/1, vars: {v: stable}}
- project: {check: {jobs: [{j: {override-checkout: stable/1}}]}}
`);
    const j = freezeJob(c, 'j', ctx({ branch: 'master', projectBranches: ['master', 'stable/1'] }));
    expect(j.vars).toEqual({ v: 'stable' });
    expect(freezeJob(c, 'j', ctx({ projectBranches: ['master'] })).vars).toEqual({ v: 'master' });
  });

  // Job._freezeIncludeVars: each entry names its project, connection, trust and flags.
  test('_freezeIncludeVars: zuul.include_vars entries carry project, connection, trusted, required, use_ref', () => {
    const c = app(`
- job:
    name: j
    run: r.yaml
    include-vars:
      - vars.yaml
      - {name: site.yaml, project: site/config, required: false}
      - {name: item.yaml, zuul-project: true, use-ref: false}
`);
    const frozen = freezeJob(c, 'j', ctx({ project: 'org/other' }));
    const zuul = buildZuulDict(frozen, { project: { name: 'org/other' }, pipeline: 'check' });
    expect(zuul.include_vars).toEqual([
      {
        name: 'vars.yaml',
        connection: 'gerrit',
        project: 'org/app',
        project_default_branch: 'master',
        trusted: false,
        required: true,
        use_ref: true,
      },
      {
        name: 'site.yaml',
        connection: 'gerrit',
        project: 'site/config',
        project_default_branch: 'master',
        trusted: true,
        required: false,
        use_ref: true,
      },
      {
        name: 'item.yaml',
        connection: 'gerrit',
        project: 'org/other',
        project_default_branch: 'master',
        trusted: false,
        required: true,
        use_ref: false,
      },
    ]);
  });

  // JobParser._makeImplicitRole: ANSIBLE_ROLE_RE strips leading ansible-/role- prefixes.
  test('_makeImplicitRole: ansible-role-foo provides role foo; a name that would vanish is kept', () => {
    expect(implicitRoleName('org/ansible-role-foo')).toBe('foo');
    expect(implicitRoleName('org/role-bar')).toBe('bar');
    expect(implicitRoleName('org/ansible-role')).toBe('ansible-role');
    expect(implicitRoleName('org/plain')).toBe('plain');
  });

  // Tag items (ref-updated events): newrev is what the tag points to, there is no oldrev.
  test('tag items: zuul.newrev is the tagged revision and zuul.oldrev is absent', () => {
    const dir = repo({ 'a.txt': 'a\n' });
    git(dir, 'tag', 'v3');
    const c = app(`- job: {name: j, run: r.yaml}`);
    const item = freezeContextFor({
      project: 'org/app',
      pipeline: 'tag',
      projectDir: dir,
      tag: 'v3',
    });
    const sha = git(dir, 'rev-parse', 'v3');
    const zuul = buildZuulDict(freezeJob(c, 'j', item), {
      project: { name: 'org/app' },
      pipeline: 'tag',
      tag: 'v3',
      newrev: tagNewrev(dir, 'v3'),
    });
    expect([zuul.newrev, zuul.commit_id, 'oldrev' in zuul]).toEqual([sha, sha, false]);
  });
});

describe('features zuul-ts refuses rather than run differently', () => {
  // Each is refused for a job that would run, with the reason and what to do.
  test.each([
    [
      'requires',
      `requires: [images]`,
      /^Job j requires images: zuul-ts has no queue of changes ahead/,
    ],
    [
      'failure-output',
      `failure-output: ['^FATAL']`,
      /^Job j sets failure-output: zuul-ts does not watch/,
    ],
    [
      'nodeset alternatives',
      `nodeset: {alternatives: [{nodes: [{name: a, label: big}]}, {nodes: [{name: a, label: small}]}]}`,
      /^Job j uses a nodeset with alternatives: zuul-ts has no node provider/,
    ],
  ])('%s', (_name, attr, message) => {
    const c = app(`- job: {name: j, run: r.yaml, ${attr}}`);
    expect(configError(() => freezeJob(c, 'j', ctx()))).toMatch(message);
  });
});
