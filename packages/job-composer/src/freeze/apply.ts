import { relative, resolve } from 'node:path';
import type { JobVariant, PlaybookRef, RoleRef, ZuulConfig } from '../config/types';
import { EncryptedValue, isPlainObject } from '../config/yaml-values';
import type { Accumulator } from './accumulator';
import { clone, deepMerge } from './deep-merge';
import { FreezeError } from './errors';
import { implicitRoleName, showValue, uniqueBy } from './values';
import { jobRepr } from './variants';
import type { FrozenPlaybook, FrozenSecret, PlaybookPhase } from './types';

/**
 * Attributes that may change even on a final job (Zuul's `context_attributes`); every other
 * attribute a variant sets is an execution attribute and trips "Unable to modify final job".
 */
const CONTEXT_ATTRIBUTES = new Set([
  'voting',
  'branches',
  'files',
  'irrelevantFiles',
  'matchOnConfigUpdates',
  'tags',
  'provides',
  'requires',
  'dependencies',
  'description',
]);
const NOT_ATTRIBUTES = new Set([
  'name',
  'source',
  'other',
  'final',
  'protected',
  'abstract',
  'intermediate',
  'attributeControl',
]);
/** JobVariant key -> user-facing attribute name (for attribute-control and messages). */
const ATTR_NAMES: Record<string, string> = {
  extraVars: 'extra-vars',
  hostVars: 'host-vars',
  groupVars: 'group-vars',
  includeVars: 'include-vars',
  requiredProjects: 'required-projects',
  irrelevantFiles: 'irrelevant-files',
  preRun: 'pre-run',
  postRun: 'post-run',
  cleanupRun: 'cleanup-run',
  preTimeout: 'pre-timeout',
  postTimeout: 'post-timeout',
  overrideCheckout: 'override-checkout',
  overrideBranch: 'override-branch',
  postReview: 'post-review',
  allowedProjects: 'allowed-projects',
  ansibleVersion: 'ansible-version',
  workspaceScheme: 'workspace-scheme',
  workspaceCheckout: 'workspace-checkout',
};
const attrName = (k: string) => ATTR_NAMES[k] ?? k;

function setKeys(v: JobVariant): string[] {
  return Object.keys(v).filter(
    (k) => !NOT_ATTRIBUTES.has(k) && (v as unknown as Record<string, unknown>)[k] !== undefined,
  );
}

/**
 * `Job.applyVariant` (zuul/model.py). `first` = Zuul's setBase (no final/protected checks).
 */
export function applyVariant(
  acc: Accumulator,
  v: JobVariant,
  config: ZuulConfig,
  first: boolean,
): void {
  const keys = setKeys(v).filter((k) => !(k === 'secrets' && v.secrets?.length === 0));
  if (!first) {
    for (const k of keys) {
      if (CONTEXT_ATTRIBUTES.has(k)) continue;
      if (acc.final) {
        const value = showValue((v as unknown as Record<string, unknown>)[k]);
        throw new FreezeError(
          `Unable to modify final job ${currentRepr(acc)} attribute ${attrName(k)}=${value} with variant ${jobRepr(v)}`,
        );
      }
      if (acc.protectedOrigin && acc.protectedOrigin !== v.source.project) {
        throw new FreezeError(
          `Job ${currentRepr(acc)} which is defined in ${acc.protectedOrigin} is protected and cannot be inherited from other projects.`,
        );
      }
    }
    for (const k of keys) {
      if (acc.finalAttributes.has(attrName(k))) {
        // "job foo final attribute bar" (a final attribute) vs "final job foo" (a final job).
        const value = showValue((v as unknown as Record<string, unknown>)[k]);
        throw new FreezeError(
          `Unable to modify job ${currentRepr(acc)} final attribute ${attrName(k)}=${value} with variant ${jobRepr(v)}`,
        );
      }
    }
    // An intermediate job may only be inherited by an abstract job (variants included).
    if (acc.intermediate && v.abstract !== true) {
      throw new FreezeError(
        `Intermediate job ${currentRepr(acc)} may only be inherited by another abstract job`,
      );
    }
    if (v.protected === false && acc.protectedOrigin) {
      throw new FreezeError(
        `Unable to reset protected attribute of job ${currentRepr(acc)} by job ${jobRepr(v)}`,
      );
    }
  }
  acc.inheritancePath.push(jobRepr(v));
  const level = first ? 0 : acc.inheritancePath.length - 1;

  // abstract/intermediate: reset when the name changes (a child), sticky within variants.
  if (first || v.name !== acc.name) {
    acc.abstract = v.abstract ?? false;
    acc.intermediate = v.intermediate ?? false;
    acc.name = v.name;
  } else {
    if (v.abstract !== undefined) acc.abstract = acc.abstract || v.abstract;
    if (v.intermediate !== undefined) acc.intermediate = acc.intermediate || v.intermediate;
  }
  if (v.description !== undefined) acc.description = v.description;

  for (const k of ['vars', 'extraVars', 'hostVars', 'groupVars'] as const) {
    const m = v[k];
    if (!m) continue;
    const cur = acc[k] as Record<string, unknown>;
    (acc as unknown as Record<string, unknown>)[k] =
      m.mode === 'override' ? clone(m.value) : deepMerge(cur, m.value);
  }
  if (v.includeVars) {
    if (v.includeVars.mode === 'override') acc.includeVars = [...v.includeVars.value];
    else
      for (const iv of v.includeVars.value)
        if (!acc.includeVars.some((x) => JSON.stringify(x) === JSON.stringify(iv)))
          acc.includeVars.push(iv);
  }
  if (v.requiredProjects) {
    if (v.requiredProjects.mode === 'override') acc.requiredProjects = new Map();
    for (const rp of v.requiredProjects.value) acc.requiredProjects.set(rp.name, rp);
  }
  if (v.dependencies) {
    // Replaced by default; `!inherit` merges (zuul/model.py: dependencies are not merged).
    if (v.dependencies.mode === 'inherit') {
      const merged = new Map(acc.dependencies.map((d) => [d.name, d]));
      for (const d of v.dependencies.value) merged.set(d.name, d);
      acc.dependencies = [...merged.values()];
    } else acc.dependencies = [...v.dependencies.value];
  }
  for (const k of ['provides', 'requires', 'tags'] as const) {
    const m = v[k];
    if (!m) continue;
    if (m.mode === 'override') acc[k] = new Set(m.value);
    else for (const x of m.value) acc[k].add(x);
  }
  for (const k of ['files', 'irrelevantFiles'] as const) {
    const m = v[k];
    if (!m) continue;
    acc[k] =
      m.mode === 'inherit'
        ? uniqueBy([...acc[k], ...m.value], (x) => `${x.negate}\0${x.regex}`)
        : [...m.value];
  }
  if (v.matchOnConfigUpdates !== undefined) acc.matchOnConfigUpdates = v.matchOnConfigUpdates;
  if (v.other['failure-output'] !== undefined) acc.failureOutput = true;
  // match-on-config-updates: the job's config file, its playbooks and include-vars files.
  acc.configFiles.add(`${v.source.project}\0${relative(v.source.root, v.source.file)}`);
  for (const p of [
    ...(v.preRun ?? []),
    ...(v.run ?? []),
    ...(v.postRun ?? []),
    ...(v.cleanupRun ?? []),
  ])
    acc.configFiles.add(`${v.source.project}\0${p.name}`);
  for (const iv of v.includeVars?.value ?? [])
    if (!iv.zuulProject) acc.configFiles.add(`${iv.project ?? iv.definedIn}\0${iv.name}`);
  if (v.semaphores) for (const s of v.semaphores) acc.semaphores.add(s);
  if (v.allowedProjects) {
    const next = new Set(v.allowedProjects);
    acc.allowedProjects = acc.allowedProjects
      ? new Set([...acc.allowedProjects].filter((p) => next.has(p)))
      : next;
  }
  if (v.preTimeout !== undefined) acc.preTimeout = v.preTimeout;
  if (v.timeout !== undefined) acc.timeout = v.timeout;
  if (v.postTimeout !== undefined) acc.postTimeout = v.postTimeout;
  if (v.attempts !== undefined) acc.attempts = v.attempts;
  if (v.voting !== undefined) acc.voting = v.voting;
  if (v.nodeset !== undefined) acc.nodeset = v.nodeset;
  if (v.ansibleVersion !== undefined) acc.ansibleVersion = v.ansibleVersion;
  if (v.workspaceScheme !== undefined) acc.workspaceScheme = v.workspaceScheme;
  if (v.workspaceCheckout !== undefined) acc.workspaceCheckout = v.workspaceCheckout;
  if (v.overrideCheckout !== undefined) acc.overrideCheckout = v.overrideCheckout;
  if (v.overrideBranch !== undefined) acc.overrideBranch = v.overrideBranch;
  if (v.postReview) acc.postReview = true; // sticky

  // Roles: this stanza's roles (explicit, then the implicit role of its project) go in front.
  const stanzaRoles: RoleRef[] = [
    ...(v.roles ?? []),
    { zuul: v.source.project, name: implicitRoleName(v.source.project), implicit: true },
  ];
  acc.roles = uniqueBy([...stanzaRoles, ...acc.roles], (r) => `${r.zuul}\0${r.name}`);

  // Secrets are bound to this stanza's playbooks; pass-to-parent also to those accumulated so far.
  const secrets = bindSecrets(v, config);
  const make = (
    refs: PlaybookRef[] | undefined,
    phase: PlaybookPhase,
    legacy = false,
  ): FrozenPlaybook[] =>
    (refs ?? []).map((p) => ({
      phase,
      path: resolve(v.source.root, p.name),
      name: p.name,
      line: p.line,
      roles: [...acc.roles],
      secrets: Object.fromEntries(secrets.map(([alias, s]) => [alias, s])),
      trusted: v.source.trusted,
      sourceJob: v.name,
      source: v.source,
      nestingLevel: level,
      cleanup: legacy || p.cleanup,
      ignoreResult: legacy,
      semaphores: [...p.semaphores],
    }));
  const passing = (v.secrets ?? []).filter((s) => s.passToParent);
  if (passing.length > 0) {
    for (const pb of [...acc.preRun, ...acc.run, ...acc.postRun, ...acc.cleanupRun]) {
      for (const ref of passing) {
        // If a parent playbook already has a secret of that variable name, the parent's one is kept.
        if (!(ref.name in pb.secrets))
          pb.secrets[ref.name] = secrets.find(([a]) => a === ref.name)![1];
        if (!pb.trusted) acc.postReview = true;
      }
    }
  }
  // An untrusted job using secrets becomes post-review and may only run for its own project
  // (zuul/model.py applyVariant; only when not already post-review, as there).
  if (!acc.postReview && secrets.length > 0 && !v.source.trusted) {
    acc.postReview = true;
    const own = new Set([v.source.project]);
    acc.allowedProjects = acc.allowedProjects
      ? new Set([...acc.allowedProjects].filter((p) => own.has(p)))
      : own;
  }

  acc.preRun.push(...make(v.preRun, 'pre-run'));
  if (v.run !== undefined) acc.run = make(v.run, 'run');
  if (v.postRun !== undefined) acc.postRun = [...make(v.postRun, 'post-run'), ...acc.postRun];
  if (v.cleanupRun !== undefined)
    acc.cleanupRun = [...make(v.cleanupRun, 'cleanup-run', true), ...acc.cleanupRun];

  // final / protected / attribute-control take effect after this variant is applied.
  if (v.final !== undefined && (first || v.final)) acc.final = v.final;
  if (v.protected && !acc.protectedOrigin) acc.protectedOrigin = v.source.project;
  for (const [attr, c] of Object.entries(v.attributeControl ?? {}))
    if (c.final) acc.finalAttributes.add(attr);
}

/** repr of the job being frozen: its latest applied variant. */
function currentRepr(acc: Accumulator): string {
  return acc.inheritancePath[acc.inheritancePath.length - 1] ?? `<Job ${acc.name}>`;
}

function bindSecrets(v: JobVariant, config: ZuulConfig): [string, FrozenSecret][] {
  return (v.secrets ?? []).map((ref) => {
    const stanza = config.secrets.get(ref.secret);
    if (!stanza)
      throw new FreezeError(
        `Secret ${ref.secret} not found (job ${v.name} at ${v.source.file}:${v.source.line})`,
      );
    if (stanza.source.project !== v.source.project) {
      throw new FreezeError(
        `Unable to use secret ${ref.secret}.  Secrets must be defined in the same project in which they are used (job ${v.name} is in ${v.source.project}, the secret in ${stanza.source.project}).`,
      );
    }
    const secret: FrozenSecret = {
      secret: stanza.name,
      project: stanza.source.project,
      data: clone(stanza.data ?? {}),
      encrypted: hasEncrypted(stanza.data),
    };
    if (stanza.oidc) secret.oidc = clone(stanza.oidc);
    return [ref.name, secret];
  });
}

function hasEncrypted(v: unknown): boolean {
  if (v instanceof EncryptedValue) return true;
  if (Array.isArray(v)) return v.some(hasEncrypted);
  if (isPlainObject(v)) return Object.values(v).some(hasEncrypted);
  return false;
}
