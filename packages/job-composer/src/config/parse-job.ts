import type {
  DependencyRef,
  IncludeVarsRef,
  JobSecretRef,
  JobVariant,
  MergeMarked,
  Nodeset,
  PlaybookRef,
  RequiredProjectRef,
  RoleRef,
  SourceContext,
  Vars,
} from './types';
import {
  Path,
  bool,
  checkKeys,
  checkVarNames,
  dict,
  fail,
  int,
  list,
  str,
  strList,
  untag,
} from './validate';
import { regexList, regexSpec } from './matchers';
import { parseInlineNodeset } from './parse-nodeset';
import { TaggedValue } from './yaml-values';

/** Attributes of the `job` stanza (zuul/configloader.py JobParser.schema). */
const JOB_KEYS = new Set([
  'name',
  'parent',
  'description',
  'final',
  'protected',
  'abstract',
  'intermediate',
  'attribute-control',
  'success-message',
  'failure-message',
  'hold-following-changes',
  'voting',
  'semaphore',
  'semaphores',
  'tags',
  'branches',
  'files',
  'irrelevant-files',
  'match-on-config-updates',
  'required-projects',
  'vars',
  'extra-vars',
  'host-vars',
  'group-vars',
  'include-vars',
  'dependencies',
  'provides',
  'requires',
  'secrets',
  'nodeset',
  'override-checkout',
  'override-branch',
  'timeout',
  'pre-timeout',
  'post-timeout',
  'attempts',
  'pre-run',
  'run',
  'post-run',
  'cleanup-run',
  'ansible-version',
  'ansible-split-streams',
  'roles',
  'post-review',
  'allowed-projects',
  'workspace-scheme',
  'workspace-checkout',
  'deduplicate',
  'failure-output',
  'image-build-name',
  'success-url',
  'failure-url',
]);

/** Only these attributes may carry `!override` / `!inherit` (Zuul's mergeable attributes). */
const TAGGABLE = new Set([
  'vars',
  'extra-vars',
  'host-vars',
  'group-vars',
  'include-vars',
  'required-projects',
  'dependencies',
  'provides',
  'requires',
  'tags',
  'files',
  'irrelevant-files',
]);

/** Parses one job stanza (or project-pipeline entry: `path` points at it). */
export type LineOf = (path: Path) => number;

export function parseJob(
  conf: Record<string, unknown>,
  source: SourceContext,
  path: Path,
  lineOf: LineOf = () => source.line,
): JobVariant {
  checkKeys(conf, JOB_KEYS, path);
  const at = (k: string): Path => [...path, k];
  const name = str(conf.name, at('name'));
  for (const [k, v] of Object.entries(conf)) {
    if (v instanceof TaggedValue && !TAGGABLE.has(k))
      fail(at(k), `!${v.tag} is not allowed on "${k}"`);
  }
  const job: JobVariant = { name, source, other: {} };
  const has = (k: string) => Object.prototype.hasOwnProperty.call(conf, k);

  if (has('parent')) job.parent = conf.parent === null ? null : str(conf.parent, at('parent'));
  if (job.parent === null && !source.trusted) {
    fail(at('parent'), 'Base jobs must be defined in config projects');
  }
  if (has('description')) job.description = String(conf.description ?? '');
  for (const [k, key] of [
    ['abstract', 'abstract'],
    ['intermediate', 'intermediate'],
    ['final', 'final'],
    ['protected', 'protected'],
    ['voting', 'voting'],
    ['post-review', 'postReview'],
  ] as const) {
    if (has(k)) job[key] = bool(conf[k], at(k));
  }
  // zuul/configloader.py JobParser: `post-review: false` is refused wherever it appears.
  if (job.postReview === false)
    fail(at('post-review'), 'Once set, the post-review attribute may not be unset');
  if (job.intermediate && job.abstract !== true) {
    fail(at('intermediate'), 'An intermediate job must also be abstract');
  }
  if (has('attribute-control')) {
    const ac = dict(conf['attribute-control'], at('attribute-control'));
    job.attributeControl = {};
    for (const [attr, v] of Object.entries(ac)) {
      const c = dict(v, [...at('attribute-control'), attr]);
      job.attributeControl[attr] = {
        final: bool(c.final ?? false, [...at('attribute-control'), attr, 'final']),
      };
    }
  }
  for (const [k, key] of [
    ['vars', 'vars'],
    ['extra-vars', 'extraVars'],
  ] as const) {
    if (has(k)) job[key] = varsAttr(conf[k], at(k));
  }
  for (const [k, key] of [
    ['host-vars', 'hostVars'],
    ['group-vars', 'groupVars'],
  ] as const) {
    if (has(k)) {
      const { value, mode } = untag(conf[k]);
      const d = dict(value, at(k));
      const out: Record<string, Vars> = {};
      for (const [host, hv] of Object.entries(d)) {
        out[host] = dict(hv, [...at(k), host]);
        checkVarNames(out[host], [...at(k), host]);
      }
      job[key] = { value: out, mode };
    }
  }
  if (has('include-vars'))
    job.includeVars = marked(conf['include-vars'], at('include-vars'), (v, p) =>
      includeVarsRef(v, p, source),
    );
  if (has('secrets'))
    job.secrets = list(conf.secrets).map((s, i) => secretRef(s, [...at('secrets'), i]));
  for (const [k, key] of [
    ['pre-run', 'preRun'],
    ['run', 'run'],
    ['post-run', 'postRun'],
    ['cleanup-run', 'cleanupRun'],
  ] as const) {
    if (has(k))
      job[key] = list(conf[k]).map((p, i) =>
        playbookRef(p, Array.isArray(conf[k]) ? [...at(k), i] : at(k), lineOf),
      );
  }
  if (has('nodeset')) {
    const ns = conf.nodeset;
    job.nodeset =
      typeof ns === 'string' ? ns : parseInlineNodeset(dict(ns, at('nodeset')), at('nodeset'));
  }
  if (has('required-projects'))
    job.requiredProjects = marked(
      conf['required-projects'],
      at('required-projects'),
      requiredProject,
    );
  if (has('dependencies'))
    job.dependencies = marked(conf.dependencies, at('dependencies'), dependencyRef);
  for (const [k, key] of [
    ['provides', 'provides'],
    ['requires', 'requires'],
    ['tags', 'tags'],
  ] as const) {
    if (has(k)) job[key] = marked(conf[k], at(k), (v, p) => str(v, p));
  }
  for (const [k, key] of [
    ['files', 'files'],
    ['irrelevant-files', 'irrelevantFiles'],
  ] as const) {
    if (has(k)) job[key] = marked(conf[k], at(k), regexSpec);
  }
  if (has('match-on-config-updates'))
    job.matchOnConfigUpdates = bool(conf['match-on-config-updates'], at('match-on-config-updates'));
  for (const [k, key] of [
    ['pre-timeout', 'preTimeout'],
    ['timeout', 'timeout'],
    ['post-timeout', 'postTimeout'],
    ['attempts', 'attempts'],
  ] as const) {
    if (has(k)) job[key] = int(conf[k], at(k));
  }
  if (job.preTimeout !== undefined && job.timeout !== undefined && job.preTimeout > job.timeout) {
    fail(at('pre-timeout'), 'pre-timeout may not be greater than timeout');
  }
  if (has('roles')) job.roles = list(conf.roles).map((r, i) => roleRef(r, [...at('roles'), i]));
  if (has('override-checkout'))
    job.overrideCheckout = str(conf['override-checkout'], at('override-checkout'));
  if (has('override-branch'))
    job.overrideBranch = str(conf['override-branch'], at('override-branch'));
  if (has('branches')) job.branches = regexList(conf.branches, at('branches'));
  const sem = conf.semaphores ?? conf.semaphore;
  if (sem !== undefined)
    job.semaphores = list(sem).map((s, i) =>
      typeof s === 'string'
        ? s
        : str(dict(s, [...at('semaphores'), i]).name, [...at('semaphores'), i, 'name']),
    );
  if (has('allowed-projects'))
    job.allowedProjects = strList(conf['allowed-projects'], at('allowed-projects'));
  if (has('ansible-version')) job.ansibleVersion = String(conf['ansible-version']);
  if (has('workspace-scheme')) {
    const ws = str(conf['workspace-scheme'], at('workspace-scheme'));
    if (ws !== 'golang' && ws !== 'flat' && ws !== 'unique')
      fail(at('workspace-scheme'), `not a valid value: ${ws}`);
    job.workspaceScheme = ws;
  }
  if (has('workspace-checkout')) {
    const wc = conf['workspace-checkout'];
    job.workspaceCheckout = wc === 'auto' ? 'auto' : bool(wc, at('workspace-checkout'));
  }
  for (const k of [
    'success-message',
    'failure-message',
    'hold-following-changes',
    'ansible-split-streams',
    'deduplicate',
    'failure-output',
    'image-build-name',
    'success-url',
    'failure-url',
  ]) {
    if (has(k)) job.other[k] = conf[k];
  }
  return job;
}

function varsAttr(v: unknown, path: Path): MergeMarked<Vars> {
  const { value, mode } = untag(v);
  const d = dict(value, path);
  checkVarNames(d, path);
  return { value: d, mode };
}

function marked<T>(v: unknown, path: Path, item: (x: unknown, p: Path) => T): MergeMarked<T[]> {
  const { value, mode } = untag(v);
  const items = list(value).map((x, i) => item(x, Array.isArray(value) ? [...path, i] : path));
  return { value: items, mode };
}

function playbookRef(v: unknown, path: Path, lineOf: LineOf): PlaybookRef {
  const line = lineOf(path);
  if (typeof v === 'string') return { name: v, semaphores: [], cleanup: false, line };
  const d = dict(v, path);
  checkKeys(d, new Set(['name', 'semaphore', 'semaphores', 'cleanup']), path);
  return {
    name: str(d.name, [...path, 'name']),
    semaphores: strList(d.semaphores ?? d.semaphore, [...path, 'semaphores']),
    cleanup: d.cleanup === undefined ? false : bool(d.cleanup, [...path, 'cleanup']),
    line,
  };
}

function secretRef(v: unknown, path: Path): JobSecretRef {
  let ref: JobSecretRef;
  if (typeof v === 'string') ref = { name: v, secret: v, passToParent: false };
  else {
    const d = dict(v, path);
    checkKeys(d, new Set(['name', 'secret', 'pass-to-parent']), path);
    ref = {
      name: str(d.name, [...path, 'name']),
      secret: str(d.secret ?? d.name, [...path, 'secret']),
      passToParent:
        d['pass-to-parent'] === undefined
          ? false
          : bool(d['pass-to-parent'], [...path, 'pass-to-parent']),
    };
  }
  checkVarNames({ [ref.name]: true }, path);
  return ref;
}

function includeVarsRef(v: unknown, path: Path, source: SourceContext): IncludeVarsRef {
  const origin = { definedIn: source.project, definedRoot: source.root };
  if (typeof v === 'string')
    return { name: v, zuulProject: false, required: true, useRef: true, ...origin };
  const d = dict(v, path);
  checkKeys(d, new Set(['name', 'project', 'zuul-project', 'required', 'use-ref']), path);
  return {
    name: str(d.name, [...path, 'name']),
    project: d.project === undefined ? undefined : str(d.project, [...path, 'project']),
    zuulProject:
      d['zuul-project'] === undefined ? false : bool(d['zuul-project'], [...path, 'zuul-project']),
    required: d.required === undefined ? true : bool(d.required, [...path, 'required']),
    useRef: d['use-ref'] === undefined ? true : bool(d['use-ref'], [...path, 'use-ref']),
    ...origin,
  };
}

function requiredProject(v: unknown, path: Path): RequiredProjectRef {
  if (typeof v === 'string') return { name: v };
  const d = dict(v, path);
  checkKeys(d, new Set(['name', 'override-branch', 'override-checkout']), path);
  return {
    name: str(d.name, [...path, 'name']),
    overrideBranch:
      d['override-branch'] === undefined
        ? undefined
        : str(d['override-branch'], [...path, 'override-branch']),
    overrideCheckout:
      d['override-checkout'] === undefined
        ? undefined
        : str(d['override-checkout'], [...path, 'override-checkout']),
  };
}

function dependencyRef(v: unknown, path: Path): DependencyRef {
  if (typeof v === 'string') return { name: v, soft: false };
  const d = dict(v, path);
  checkKeys(d, new Set(['name', 'soft']), path);
  return {
    name: str(d.name, [...path, 'name']),
    soft: d.soft === undefined ? false : bool(d.soft, [...path, 'soft']),
  };
}

function roleRef(v: unknown, path: Path): RoleRef {
  const d = dict(v, path);
  if (d.galaxy !== undefined) fail(path, 'galaxy roles are not implemented (as in Zuul)');
  checkKeys(d, new Set(['zuul', 'name']), path);
  const project = str(d.zuul, [...path, 'zuul']);
  const short = project.split('/').pop() ?? project;
  return {
    zuul: project,
    name: d.name === undefined ? short : str(d.name, [...path, 'name']),
    implicit: false,
  };
}

export type { Nodeset };
