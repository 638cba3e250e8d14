import { constants, generateKeyPairSync, publicEncrypt } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinJobsSource, loadConfig, type ConfigSource } from '../../src/config';
import {
  FreezeError,
  freezeJob,
  projectJobGraph,
  childJobs,
  ancestorJobs,
  projectJobs,
  resolveSecretValues,
  loadIncludeVars,
  type FreezeContext,
} from '../../src/freeze';
import { SITE_PIPELINES } from '@zuul-ts/testing';
import { tree } from '../config/helpers';

const BASE = `
- job:
    name: base
    parent: null
    pre-run: base-pre.yaml
    post-run: base-post.yaml
    vars: {a: {x: 1, y: 1}, l: [1, 2]}
    timeout: 1800
`;

/** A config from YAML texts: [project, trusted, text] per file, loaded in that order. */
function config(...files: [string, boolean, string][]) {
  const dir = tree(Object.fromEntries(files.map(([, , text], i) => [`p${i}/zuul.yaml`, text])));
  const sources: ConfigSource[] = files.map(([project, trusted], i) => ({
    path: join(dir, `p${i}/zuul.yaml`),
    project,
    trusted,
  }));
  // The site's pipelines (gate is post-review) come first, as a trusted config project.
  const site: ConfigSource = { path: SITE_PIPELINES, project: 'site/config', trusted: true };
  return { dir, config: loadConfig([site, ...sources]) };
}

const ctx = (over: Partial<FreezeContext> = {}): FreezeContext => ({
  project: 'org/app',
  pipeline: 'gate',
  branch: 'main',
  ...over,
});

function freezeError(fn: () => unknown): FreezeError {
  try {
    fn();
  } catch (e) {
    if (e instanceof FreezeError) return e;
    throw e;
  }
  throw new Error('expected a FreezeError');
}

describe('playbook order', () => {
  test('parent pre first, run replaced, child post first: p-pre, c-pre, c-run, c-post, p-post', () => {
    const { dir, config: c } = config(
      ['cfg/base', true, BASE],
      [
        'org/app',
        false,
        `
- job: {name: P, pre-run: p-pre.yaml, run: p-run.yaml, post-run: p-post.yaml}
- job: {name: C, parent: P, pre-run: c-pre.yaml, run: c-run.yaml, post-run: [c-post-a.yaml, c-post-b.yaml]}
`,
      ],
    );
    const job = freezeJob(c, 'C', ctx());
    expect(job.playbooks.map((p) => `${p.phase}:${p.name}`)).toEqual([
      'pre-run:base-pre.yaml',
      'pre-run:p-pre.yaml',
      'pre-run:c-pre.yaml',
      'run:c-run.yaml',
      'post-run:c-post-a.yaml',
      'post-run:c-post-b.yaml',
      'post-run:p-post.yaml',
      'post-run:base-post.yaml',
    ]);
    expect(job.playbooks.map((p) => p.nestingLevel)).toEqual([0, 1, 2, 2, 2, 2, 1, 0]);
    expect(job.run[0].path).toBe(join(dir, 'p1/c-run.yaml'));
    expect(job.preRun[0].path).toBe(join(dir, 'p0/base-pre.yaml'));
    expect(job.preRun[0].trusted).toBe(true);
    expect(job.run[0].trusted).toBe(false);
    expect(job.run[0].sourceJob).toBe('C');
    expect(job.inheritancePath).toHaveLength(3);
    expect(job.inheritancePath[2]).toMatch(
      /^<Job C explicit: None implied: None source: org\/app\/zuul\.yaml#3>$/,
    );
  });

  test('legacy cleanup-run goes before the first post playbook of a lower nesting level; new-style cleanup stays in place', () => {
    const { config: c } = config(
      ['cfg/base', true, BASE],
      [
        'org/app',
        false,
        `
- job: {name: P, run: r.yaml, post-run: p-post.yaml, cleanup-run: p-clean.yaml}
- job: {name: C, parent: P, post-run: [{name: c-post.yaml, cleanup: true}], cleanup-run: c-clean.yaml}
`,
      ],
    );
    const post = freezeJob(c, 'C', ctx()).postRun;
    expect(post.map((p) => [p.name, p.phase, p.cleanup, p.ignoreResult])).toEqual([
      ['c-post.yaml', 'post-run', true, false],
      ['c-clean.yaml', 'cleanup-run', true, true],
      ['p-post.yaml', 'post-run', false, false],
      ['p-clean.yaml', 'cleanup-run', true, true],
      ['base-post.yaml', 'post-run', false, false],
    ]);
  });
});

describe('vars inheritance (1.2, 1.4, 2.1 layers 4-5)', () => {
  const base = ['cfg/base', true, BASE] as [string, boolean, string];
  test.each([
    [
      'child deep-merges over parent',
      `vars: {a: {y: 2}, b: 3}`,
      '',
      { a: { x: 1, y: 2 }, b: 3, l: [1, 2] },
    ],
    ['lists are replaced, not concatenated', `vars: {l: [3]}`, '', { a: { x: 1, y: 1 }, l: [3] }],
    ['!override replaces the accumulated vars', `vars: !override {b: 3}`, '', { b: 3 }],
    [
      'project vars go underneath job vars',
      `vars: {a: {y: 2}}`,
      `vars: {a: {y: 9, z: 9}, p: 1}`,
      { a: { x: 1, y: 2, z: 9 }, l: [1, 2], p: 1 },
    ],
    [
      'project-pipeline entry vars win over job vars',
      `vars: {a: {y: 2}}`,
      `gate: {jobs: [{J: {vars: {a: {y: 5}}}}]}`,
      { a: { x: 1, y: 5 }, l: [1, 2] },
    ],
    [
      'project-pipeline entry of another pipeline is ignored',
      `vars: {b: 1}`,
      `check: {jobs: [{J: {vars: {b: 2}}}]}`,
      { a: { x: 1, y: 1 }, l: [1, 2], b: 1 },
    ],
    [
      'project-pipeline entry with a non-matching branch is ignored',
      `vars: {b: 1}`,
      `gate: {jobs: [{J: {branches: stable, vars: {b: 2}}}]}`,
      { a: { x: 1, y: 1 }, l: [1, 2], b: 1 },
    ],
  ])('%s', (_name, jobAttrs, projectAttrs, expected) => {
    const { config: c } = config(base, [
      'org/app',
      false,
      `
- job:
    name: J
    run: r.yaml
    ${jobAttrs}
- project:
    ${projectAttrs || 'vars: {}'}
`,
    ]);
    expect(freezeJob(c, 'J', ctx()).vars).toEqual(expected);
  });

  test('project-template vars and entries apply before the project stanza own ones', () => {
    const { config: c } = config(base, [
      'org/app',
      false,
      `
- job: {name: J, run: r.yaml}
- project-template:
    name: T
    vars: {t: 1, both: template}
    gate: {jobs: [{J: {vars: {entry: template}}}]}
- project:
    templates: [T]
    vars: {both: project}
    gate: {jobs: [{J: {vars: {entry: project}}}]}
`,
    ]);
    expect(freezeJob(c, 'J', ctx()).vars).toEqual({
      a: { x: 1, y: 1 },
      l: [1, 2],
      t: 1,
      both: 'project',
      entry: 'project',
    });
  });

  test('vars of a template that does not take part in the pipeline are not used', () => {
    const { config: c } = config(base, [
      'org/app',
      false,
      `
- job: {name: J, run: r.yaml}
- project-template: {name: CheckOnly, vars: {from_check_template: 1}, check: {jobs: [J]}}
- project-template: {name: GateToo, vars: {from_gate_template: 1}, gate: {jobs: [J]}}
- project: {templates: [CheckOnly, GateToo]}
`,
    ]);
    expect(freezeJob(c, 'J', ctx()).vars).toEqual({
      a: { x: 1, y: 1 },
      l: [1, 2],
      from_gate_template: 1,
    });
  });

  test('extra-vars, host-vars and group-vars deep-merge independently; !override replaces', () => {
    const { config: c } = config(base, [
      'org/app',
      false,
      `
- job:
    name: P
    run: r.yaml
    extra-vars: {e: {a: 1}}
    host-vars: {node1: {h: {a: 1}}, node2: {k: 1}}
    group-vars: {g: {x: {a: 1}}}
- job:
    name: C
    parent: P
    extra-vars: {e: {b: 2}}
    host-vars: {node1: {h: {b: 2}}}
    group-vars: !override {g2: {y: 1}}
`,
    ]);
    const job = freezeJob(c, 'C', ctx());
    expect(job.extraVars).toEqual({ e: { a: 1, b: 2 } });
    expect(job.hostVars).toEqual({ node1: { h: { a: 1, b: 2 } }, node2: { k: 1 } });
    expect(job.groupVars).toEqual({ g2: { y: 1 } });
  });
});

describe('attributes through inheritance (1.1)', () => {
  const base = ['cfg/base', true, BASE] as [string, boolean, string];
  test('dependencies are replaced unless !inherit; provides/requires/tags are unions; tags sorted', () => {
    const { config: c } = config(base, [
      'org/app',
      false,
      `
- job: {name: a, run: r.yaml}
- job: {name: b, run: r.yaml}
- job: {name: c, run: r.yaml}
- job: {name: P, run: r.yaml, dependencies: [a, b], provides: [p1], tags: [zz]}
- job: {name: C1, parent: P, dependencies: [c], provides: [p2], tags: [aa]}
- job: {name: C2, parent: P, dependencies: !inherit [{name: c, soft: true}]}
- job: {name: C3, parent: P, tags: !override [only]}
`,
    ]);
    const c1 = freezeJob(c, 'C1', ctx());
    expect(c1.dependencies).toEqual([{ name: 'c', soft: false }]);
    expect(c1.provides).toEqual(['p1', 'p2']);
    expect(c1.tags).toEqual(['aa', 'zz']);
    expect(freezeJob(c, 'C2', ctx()).dependencies.map((d) => d.name)).toEqual(['a', 'b', 'c']);
    expect(freezeJob(c, 'C3', ctx()).tags).toEqual(['only']);
  });

  test('scalars are replaced; attempts default 3; timeout inherited; ansible-version defaults to 9', () => {
    const { config: c } = config(base, [
      'org/app',
      false,
      `
- job: {name: J, run: r.yaml, attempts: 1, post-timeout: 600}
`,
    ]);
    const j = freezeJob(c, 'J', ctx());
    expect([
      j.attempts,
      j.timeout,
      j.postTimeout,
      j.preTimeout,
      j.ansibleVersion,
      j.voting,
    ]).toEqual([1, 1800, 600, null, '9', true]);
  });

  test('named, inline and empty nodesets', () => {
    const { config: c } = config(base, [
      'org/app',
      false,
      `
- nodeset:
    name: two
    nodes: [{name: [a, b], label: l}, {name: c, label: l2}]
    groups: [{name: g, nodes: [a, c]}]
- job: {name: named, run: r.yaml, nodeset: two}
- job: {name: none, run: r.yaml}
- job: {name: empty, run: r.yaml, nodeset: {nodes: []}}
`,
    ]);
    expect(freezeJob(c, 'named', ctx()).nodeset).toEqual({
      name: 'two',
      nodes: [
        { name: ['a', 'b'], label: 'l' },
        { name: ['c'], label: 'l2' },
      ],
      groups: [{ name: 'g', nodes: ['a', 'c'] }],
    });
    expect(freezeJob(c, 'none', ctx()).nodeset).toEqual({ nodes: [], groups: [] });
    expect(freezeJob(c, 'empty', ctx()).nodeset).toEqual({ nodes: [], groups: [] });
  });

  test('branch variants: only matching variants apply, in configuration order', () => {
    const { config: c } = config(base, [
      'org/app',
      false,
      `
- job: {name: J, run: r.yaml, vars: {v: all}}
- job: {name: J, branches: ^stable/.*, vars: {v: stable}, timeout: 60}
- job: {name: J, branches: [main, master], vars: {v: main}}
- job: {name: only-stable, branches: stable/x, run: r.yaml}
`,
    ]);
    expect(freezeJob(c, 'J', ctx({ branch: 'main' })).vars.v).toBe('main');
    const stable = freezeJob(c, 'J', ctx({ branch: 'stable/2024' }));
    expect([stable.vars.v, stable.timeout]).toEqual(['stable', 60]);
    const e = freezeError(() => freezeJob(c, 'only-stable', ctx({ branch: 'main' })));
    expect(e.kind).toBe('not-run');
  });
});

describe("errors with Zuul's wording", () => {
  const base = ['cfg/base', true, BASE] as [string, boolean, string];
  test.each([
    [
      'abstract job run directly',
      `- job: {name: J, abstract: true, run: r.yaml}`,
      'J',
      /^Job J is abstract and may not be directly run$/,
    ],
    ['no run playbook', `- job: {name: J}`, 'J', /^Job J does not specify a run playbook$/],
    [
      'final job: voting may still change',
      `- job: {name: P, final: true, run: r.yaml}\n- job: {name: P, voting: false}`,
      'P',
      null,
    ],
    [
      'parent cycle',
      `- job: {name: A, parent: B, run: r.yaml}\n- job: {name: B, parent: A}`,
      'A',
      /^Dependency cycle in jobs: A -> B -> A$/,
    ],
    ['unknown job', `- job: {name: A, run: r.yaml}`, 'nope', /^Job nope not defined$/],
    [
      // Only when a non-final variant of the parent exists is this left to freezing.
      'final job modified by a child (a final variant applies)',
      `- job: {name: P, final: true, run: r.yaml}\n- job: {name: P, branches: stable, final: false}\n- job: {name: J, parent: P, timeout: 5}`,
      'J',
      /^Unable to modify final job <Job P .*> attribute parent=P with variant <Job J /,
    ],
    [
      'attribute-control final vars',
      `- job: {name: P, run: r.yaml, attribute-control: {vars: {final: true}}}\n- job: {name: J, parent: P, vars: {x: 1}}`,
      'J',
      /^Unable to modify job <Job P .*> final attribute vars=\{x: 1\} with variant <Job J /,
    ],
    [
      'protected cannot be reset',
      `- job: {name: P, protected: true, run: r.yaml}\n- job: {name: P, protected: false}`,
      'P',
      /^Unable to reset protected attribute of job <Job P .*> by job <Job P /,
    ],
    [
      'same-name variant cannot reset abstract',
      `- job: {name: J, abstract: true, run: r.yaml}\n- job: {name: J, abstract: false}`,
      'J',
      /is abstract/,
    ],
  ])('%s', (_name, text, job, message) => {
    const { config: c } = config(base, ['org/app', false, text]);
    if (message === null) expect(freezeJob(c, job, ctx()).voting).toBe(false);
    else expect(freezeError(() => freezeJob(c, job, ctx())).message).toMatch(message);
  });

  test('protected job cannot be inherited from another project', () => {
    // Refused at load time when every variant of the parent is protected (see
    // zuul-job-model.test.ts); freezing refuses it when a protected variant applies.
    const { config: c } = config(
      base,
      [
        'org/lib',
        false,
        `- job: {name: P, protected: true, run: r.yaml}\n- job: {name: P, branches: stable, protected: false}`,
      ],
      ['org/app', false, `- job: {name: J, parent: P, run: s.yaml}`],
    );
    expect(freezeError(() => freezeJob(c, 'J', ctx())).message).toMatch(
      /^Job <Job P .*> which is defined in org\/lib is protected and cannot be inherited from other projects\.$/,
    );
    expect(freezeJob(c, 'P', ctx({ project: 'org/lib' })).protected).toBe(true);
  });
});

describe('secrets (1.5)', () => {
  const base = ['cfg/base', true, BASE] as [string, boolean, string];
  const text = `
- secret:
    name: quay-creds
    data:
      quay.io: {username: robot, password: !encrypted/pkcs1-oaep AAAA}
- secret: {name: site, data: {token: plain}}
- job:
    name: P
    pre-run: p-pre.yaml
    run: p-run.yaml
    post-run: p-post.yaml
    secrets: [site]
- job:
    name: C
    parent: P
    pre-run: c-pre.yaml
    secrets:
      - name: container_registry_credentials
        secret: quay-creds
        pass-to-parent: true
      - name: site
        secret: quay-creds
        pass-to-parent: true
`;
  test('bound to the stanza playbooks; pass-to-parent adds to parent playbooks, keeping a parent secret of the same name', () => {
    const { config: c } = config(base, ['org/app', false, text]);
    const job = freezeJob(c, 'C', ctx());
    const byName = Object.fromEntries(job.playbooks.map((p) => [p.name, p.secrets]));
    expect(Object.keys(byName['base-pre.yaml'])).toEqual([
      'container_registry_credentials',
      'site',
    ]);
    expect(byName['p-post.yaml'].site.secret).toBe('site');
    expect(byName['p-post.yaml'].site.data).toEqual({ token: 'plain' });
    expect(byName['p-post.yaml'].container_registry_credentials.encrypted).toBe(true);
    expect(byName['c-pre.yaml'].site.secret).toBe('quay-creds');
    expect(job.secretNames).toEqual(['quay-creds', 'site']);
    expect(job.postReview).toBe(true);
  });

  test("a parent's secret is not visible to the child's own playbooks", () => {
    const { config: c } = config(base, [
      'org/app',
      false,
      text + `\n- job: {name: D, parent: P, run: d-run.yaml}\n`,
    ]);
    const job = freezeJob(c, 'D', ctx());
    expect(job.run[0].secrets).toEqual({});
    expect(Object.keys(job.preRun[1].secrets)).toEqual(['site']);
  });

  test('untrusted job using a secret is post-review: error in a pre-review pipeline', () => {
    const { config: c } = config(base, ['org/app', false, text]);
    expect(freezeError(() => freezeJob(c, 'C', ctx({ pipeline: 'check' }))).message).toBe(
      'Pre-review pipeline check does not allow post-review job C',
    );
  });

  test('an untrusted job using a secret may only run for its own project (allowed-projects)', () => {
    const { config: c } = config(base, [
      'org/app',
      false,
      `- secret: {name: s, data: {a: 1}}\n- job: {name: J, run: r.yaml, secrets: [s]}`,
    ]);
    expect(freezeJob(c, 'J', ctx()).allowedProjects).toEqual(['org/app']);
    expect(freezeError(() => freezeJob(c, 'J', ctx({ project: 'org/other' }))).message).toBe(
      'Project org/other is not allowed to run job J',
    );
  });

  test('a config project attaching the job to a project-pipeline lifts allowed-projects', () => {
    const { config: c } = config(
      base,
      [
        'org/app',
        false,
        `- secret: {name: s, data: {a: 1}}\n- job: {name: J, run: r.yaml, secrets: [s]}`,
      ],
      ['cfg/base', true, `- project: {name: org/other, gate: {jobs: [J]}}`],
    );
    expect(freezeJob(c, 'J', ctx({ project: 'org/other' })).name).toBe('J');
  });

  test('secrets must be defined in the same project', () => {
    const { config: c } = config(
      base,
      ['org/lib', false, `- secret: {name: s, data: {a: 1}}`],
      ['org/app', false, `- job: {name: J, run: r.yaml, secrets: [s]}`],
    );
    expect(freezeError(() => freezeJob(c, 'J', ctx())).message).toMatch(
      /^Unable to use secret s\. {2}Secrets must be defined in the same project/,
    );
  });
});

describe('the zuul-ts container image jobs', () => {
  const user = `
- secret:
    name: quay
    data: {quay.io: {username: u, password: !encrypted/pkcs1-oaep AAAA}}
- job:
    name: app-upload
    parent: upload-container-image
    secrets:
      - {name: container_registry_credentials, secret: quay, pass-to-parent: true}
    vars: {container_command: docker}
- project:
    check: {jobs: [build-container-image]}
    gate: {jobs: [app-upload]}
    promote: {jobs: [promote-container-image]}
`;
  function builtin() {
    const dir = tree({ 'zuul.yaml': user });
    return loadConfig([
      builtinJobsSource(),
      { path: SITE_PIPELINES, project: 'site/config', trusted: true },
      { path: join(dir, 'zuul.yaml'), project: 'org/app' },
    ]);
  }

  test('build-container-image: pre.yaml then run.yaml from jobs/, single-node base nodeset', () => {
    const job = freezeJob(builtin(), 'build-container-image', ctx({ pipeline: 'check' }));
    const jobsDir = builtinJobsSource().root!;
    expect(job.playbooks.map((p) => [p.phase, p.path])).toEqual([
      ['pre-run', join(jobsDir, 'playbooks/container-image/pre.yaml')],
      ['run', join(jobsDir, 'playbooks/container-image/run.yaml')],
    ]);
    expect(job.nodeset.nodes).toEqual([{ name: ['ubuntu-noble'], label: 'ubuntu-noble' }]);
    expect(job.playbooks.map((p) => p.trusted)).toEqual([true, true]);
    expect(job.playbooks[0].source.project).toBe('zuul/zuul-jobs');
  });

  test('untrustedZuulJobs: container jobs untrusted as upstream, base still a config-project job', () => {
    const c = loadConfig([builtinJobsSource({ untrustedZuulJobs: true })]);
    const job = freezeJob(c, 'build-container-image', ctx({ pipeline: 'check' }));
    expect(job.playbooks.map((p) => p.trusted)).toEqual([false, false]);
    expect(c.jobs.get('base')![0].source.trusted).toBe(true);
  });

  test('upload child: upload.yaml (post-run of upload-container-image) receives the credentials', () => {
    const job = freezeJob(builtin(), 'app-upload', ctx());
    expect(job.playbooks.map((p) => p.name)).toEqual([
      'playbooks/container-image/pre.yaml',
      'playbooks/container-image/run.yaml',
      'playbooks/container-image/upload.yaml',
    ]);
    expect(job.postRun[0].secrets.container_registry_credentials.secret).toBe('quay');
    expect(job.vars).toEqual({ container_command: 'docker' });
  });

  test('promote-container-image is executor-only (nodes: [])', () => {
    const job = freezeJob(builtin(), 'promote-container-image', ctx({ pipeline: 'promote' }));
    expect(job.nodeset).toEqual({ nodes: [], groups: [] });
    expect(job.run.map((p) => p.name)).toEqual(['playbooks/container-image/promote.yaml']);
  });

  test('projectJobs lists what the project runs per pipeline', () => {
    const c = builtin();
    expect(projectJobs(c, 'org/app', 'check', 'main')).toEqual(['build-container-image']);
    expect(projectJobs(c, 'org/app', 'gate', 'main')).toEqual(['app-upload']);
  });
});

describe('projectJobGraph', () => {
  const base = ['cfg/base', true, BASE] as [string, boolean, string];
  test('configuration order, soft dependencies on jobs that do not run dropped, stable-only job not run', () => {
    const { config: c } = config(base, [
      'org/app',
      false,
      `
- job: {name: reg, run: r.yaml}
- job: {name: build, run: r.yaml, dependencies: [reg, {name: stable-only, soft: true}]}
- job: {name: stable-only, run: r.yaml, branches: stable}
- project:
    gate:
      jobs: [build, reg, stable-only, {absent-entry: {}}]
- job: {name: absent-entry, branches: nope, run: r.yaml}
`,
    ]);
    const graph = projectJobGraph(c, ctx());
    expect(graph.map((n) => n.name)).toEqual(['build', 'reg']);
    expect(graph[0].dependencies).toEqual([{ name: 'reg', soft: false }]);
  });

  test('a job whose project-pipeline entries all miss the branch does not run', () => {
    const { config: c } = config(base, [
      'org/app',
      false,
      `
- job: {name: J, run: r.yaml}
- job: {name: K, run: r.yaml}
- project: {gate: {jobs: [{J: {branches: stable}}, K]}}
`,
    ]);
    expect(projectJobs(c, 'org/app', 'gate', 'main')).toEqual(['K']);
    expect(projectJobs(c, 'org/app', 'gate', 'stable')).toEqual(['J', 'K']);
  });

  test('a dependency cycle between jobs is an error', () => {
    const { config: c } = config(base, [
      'org/app',
      false,
      `
- job: {name: a, run: r.yaml, dependencies: [b]}
- job: {name: b, run: r.yaml, dependencies: [a]}
- project: {gate: {jobs: [a, b]}}
`,
    ]);
    expect(() => projectJobs(c, 'org/app', 'gate')).toThrow(
      /^Dependency cycle detected in job (a|b)$/,
    );
  });

  test('a hard dependency on a job that does not run is an error', () => {
    const { config: c } = config(base, [
      'org/app',
      false,
      `
- job: {name: build, run: r.yaml, dependencies: [reg]}
- job: {name: reg, run: r.yaml}
- project: {gate: {jobs: [build]}}
`,
    ]);
    expect(() => projectJobs(c, 'org/app', 'gate')).toThrow(
      'Job build depends on reg which was not run.',
    );
  });
});

describe('resolveSecretValues', () => {
  const base = ['cfg/base', true, BASE] as [string, boolean, string];
  const text = `
- secret:
    name: enc
    data: {quay.io: {username: robot, password: !encrypted/pkcs1-oaep AAAA}}
- secret: {name: plain, data: {token: t}}
- job:
    name: J
    run: r.yaml
    secrets: [{name: creds, secret: enc}, plain]
`;
  test('provided plaintext is used; plain stanza data needs no entry', () => {
    const { config: c } = config(base, ['org/app', false, text]);
    const job = freezeJob(c, 'J', ctx());
    expect(
      resolveSecretValues(job, { enc: { 'quay.io': { username: 'robot', password: 'pw' } } }),
    ).toEqual({
      enc: { 'quay.io': { username: 'robot', password: 'pw' } },
      plain: { token: 't' },
    });
  });

  test('an encrypted secret without a provided value is an error naming it', () => {
    const { config: c } = config(base, ['org/app', false, text]);
    const job = freezeJob(c, 'J', ctx());
    expect(() => resolveSecretValues(job, {})).toThrow(
      'Job J needs secret enc (encrypted; used by r.yaml) but no value was provided for it',
    );
  });
});

describe('anchors shared between a build, an upload and a promote job', () => {
  test('all three freeze with the same container_images and their own playbooks', () => {
    const dir = tree({
      'zuul.d/images.yaml': `
- secret:
    name: quay
    data: {quay.io: {username: robot, password: !encrypted/pkcs1-oaep AAAA}}
- job:
    name: app-build
    parent: build-container-image
    vars: &vars
      container_command: docker
      container_images: &images
        - context: .
          registry: quay.io
          repository: quay.io/org/app
          tags: [latest, '1.0']
- job:
    name: app-upload
    parent: upload-container-image
    secrets: &secrets
      - {name: container_registry_credentials, secret: quay, pass-to-parent: true}
    vars: *vars
- job:
    name: app-promote
    parent: promote-container-image
    secrets: *secrets
    vars:
      <<: *vars
      promote_container_image_method: tag
- project:
    check: {jobs: [app-build]}
    gate: {jobs: [app-upload]}
    promote: {jobs: [app-promote]}
`,
    });
    const c = loadConfig([
      builtinJobsSource(),
      { path: SITE_PIPELINES, project: 'site/config', trusted: true },
      { path: join(dir, 'zuul.d'), project: 'org/app' },
    ]);
    const build = freezeJob(c, 'app-build', ctx({ pipeline: 'check' }));
    const upload = freezeJob(c, 'app-upload', ctx({ pipeline: 'gate' }));
    const promote = freezeJob(c, 'app-promote', ctx({ pipeline: 'promote' }));
    expect(upload.vars.container_images).toEqual(build.vars.container_images);
    expect(promote.vars).toEqual({ ...build.vars, promote_container_image_method: 'tag' });
    expect(
      [build, upload, promote].map((j) => j.playbooks.map((p) => p.name.split('/').pop())),
    ).toEqual([
      ['pre.yaml', 'run.yaml'],
      ['pre.yaml', 'run.yaml', 'upload.yaml'],
      ['promote.yaml'],
    ]);
    expect(Object.keys(upload.postRun[0].secrets)).toEqual(['container_registry_credentials']);
    expect(Object.keys(promote.run[0].secrets)).toEqual(['container_registry_credentials']);
    expect(projectJobs(c, 'org/app', 'promote', 'main')).toEqual(['app-promote']);
  });
});

describe('include-vars (layer 3)', () => {
  const base = ['cfg/base', true, BASE] as [string, boolean, string];
  test('files load in order from the defining project, the item project or a named project; deep-merged', () => {
    const { dir, config: c } = config(
      base,
      [
        'org/lib',
        false,
        `
- job:
    name: P
    run: r.yaml
    include-vars: [vars/lib.yaml]
`,
      ],
      [
        'org/app',
        false,
        `
- job:
    name: J
    parent: P
    include-vars:
      - {name: vars/app.yaml, zuul-project: true}
      - {name: vars/other.yaml, project: org/other}
      - {name: vars/missing.yaml, required: false}
`,
      ],
    );
    const item = tree({ 'vars/app.yaml': 'd: {app: 1}\nwho: app\n' });
    const other = tree({ 'vars/other.yaml': '{"who": "other"}' });
    mkdirSync(join(dir, 'p1/vars'), { recursive: true });
    writeFileSync(join(dir, 'p1/vars/lib.yaml'), 'd: {lib: 1}\nwho: lib\n');
    const job = freezeJob(c, 'J', ctx());
    expect(job.includeVars.map((i) => i.name)).toEqual([
      'vars/lib.yaml',
      'vars/app.yaml',
      'vars/other.yaml',
      'vars/missing.yaml',
    ]);
    expect(
      loadIncludeVars(job, { itemProjectDir: item, projectDirs: { 'org/other': other } }),
    ).toEqual({ d: { lib: 1, app: 1 }, who: 'other' });
  });

  test("files are read as the executor reads them, with PyYAML's safe_load (YAML 1.1)", () => {
    const { dir, config: c } = config(base, [
      'org/app',
      false,
      `- job: {name: J, run: r.yaml, include-vars: [vars.yaml]}`,
    ]);
    const job = freezeJob(c, 'J', ctx());
    // the defining project's checkout (org/app is the second config source: p1)
    writeFileSync(join(dir, 'p1/vars.yaml'), 'enabled: yes\nmode: 0644\nsize: 1_024\nname: y\n');
    // python3: yaml.safe_load -> {'enabled': True, 'mode': 420, 'size': 1024, 'name': 'y'}
    expect(loadIncludeVars(job, { itemProjectDir: tree({}) })).toEqual({
      enabled: true,
      mode: 420,
      size: 1024,
      name: 'y',
    });
  });

  test('a required file that is missing is an error naming it', () => {
    const { config: c } = config(base, [
      'org/app',
      false,
      `- job: {name: J, run: r.yaml, include-vars: [nope.yaml]}`,
    ]);
    const job = freezeJob(c, 'J', ctx());
    expect(() => loadIncludeVars(job, { itemProjectDir: tree({}) })).toThrow(
      /required include-vars file nope\.yaml not found in org\/app/,
    );
  });
});

describe('job graph relations', () => {
  test('childJobs are direct dependents; ancestorJobs are transitive, in graph order', () => {
    const { config: c } = config(
      ['cfg/base', true, BASE],
      [
        'org/app',
        false,
        `
- job: {name: registry, run: r.yaml}
- job: {name: build, run: r.yaml, dependencies: [registry]}
- job: {name: test, run: r.yaml, dependencies: [build, {name: registry, soft: true}]}
- job: {name: lint, run: r.yaml}
- project: {gate: {jobs: [test, lint, build, registry]}}
`,
      ],
    );
    const graph = projectJobGraph(c, ctx());
    // JobGraph keeps the project-pipeline's listing order.
    expect(graph.map((n) => n.name)).toEqual(['test', 'lint', 'build', 'registry']);
    expect(childJobs(graph, 'registry')).toEqual(['test', 'build']);
    expect(childJobs(graph, 'test')).toEqual([]);
    expect(ancestorJobs(graph, 'test')).toEqual(['build', 'registry']);
    expect(ancestorJobs(graph, 'lint')).toEqual([]);
  });
});

describe('decrypting !encrypted/pkcs1-oaep with the project key', () => {
  const pair = () =>
    generateKeyPairSync('rsa', {
      modulusLength: 2048,
      publicKeyEncoding: { type: 'spki', format: 'pem' },
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    });
  const encrypt = (publicKey: string, text: string) =>
    publicEncrypt(
      { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      Buffer.from(text),
    ).toString('base64');

  test('chunks are decrypted and joined; a wrong key is an error without key material', () => {
    const { publicKey, privateKey } = pair();
    const { config: c } = config(
      ['cfg/base', true, BASE],
      [
        'org/app',
        false,
        `
- secret:
    name: quay
    data:
      quay.io:
        username: robot
        password: !encrypted/pkcs1-oaep
          - ${encrypt(publicKey, 'first-half-')}
          - ${encrypt(publicKey, 'second-half')}
- job: {name: J, run: r.yaml, secrets: [{name: container_registry_credentials, secret: quay}]}
`,
      ],
    );
    const job = freezeJob(c, 'J', ctx());
    expect(resolveSecretValues(job, {}, { projectKeys: { 'org/app': privateKey } })).toEqual({
      quay: { 'quay.io': { username: 'robot', password: 'first-half-second-half' } },
    });
    const wrong = pair().privateKey;
    expect(() => resolveSecretValues(job, {}, { projectKeys: { 'org/app': wrong } })).toThrow(
      'Secret quay: cannot decrypt with the private key of project org/app',
    );
  });
});
