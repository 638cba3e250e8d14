/** Shapes of the loaded Zuul configuration (zuul/configloader.py, zuul/model.py). */

import type { Vars } from '@zuul-ts/role-kit';
import type { RegexSpec } from './matchers';

export type { Vars, RegexSpec };

/** Where a stanza came from. Playbook paths resolve relative to `root`. */
export interface SourceContext {
  /** The config file (absolute path). */
  file: string;
  /** 1-based line of the stanza (`- job:` item) in `file`. */
  line: number;
  /** The project the config belongs to (secrets, protected jobs and project stanzas use it). */
  project: string;
  /** The directory playbook and role paths are relative to (the project checkout root). */
  root: string;
  /** A config-project (trusted playbooks, may define base jobs with `parent: null`). */
  trusted: boolean;
}

/** `!override` / `!inherit` applied to an attribute value (Zuul's yaml tags). */
export interface MergeMarked<T> {
  value: T;
  /** `override` replaces the inherited value, `inherit` merges where the default is to replace. */
  mode?: 'override' | 'inherit';
}

export interface PlaybookRef {
  /** Path as written, relative to the source root. */
  name: string;
  semaphores: string[];
  /** New-style cleanup post-run playbook (`post-run: {name, cleanup: true}`). */
  cleanup: boolean;
  /** Line of the playbook entry, for errors. */
  line: number;
}

export interface JobSecretRef {
  /** Ansible variable name the secret is exposed as. */
  name: string;
  /** Name of the `secret` stanza. */
  secret: string;
  passToParent: boolean;
}

export interface RoleRef {
  /** Project holding the role(s). */
  zuul: string;
  /** Alias / role name; defaults to the project's short name. */
  name: string;
  /** The implicit role source of the stanza's own project. */
  implicit: boolean;
}

export interface NodesetNode {
  /** Inventory host names (a node with a list of names yields several hosts). */
  name: string[];
  label: string;
}

export interface NodesetGroup {
  name: string;
  nodes: string[];
}

export interface Nodeset {
  name?: string;
  nodes: NodesetNode[];
  groups: NodesetGroup[];
  /** `alternatives`: nodeset names or inline nodesets, first one is used here. */
  alternatives?: (string | Nodeset)[];
}

export interface DependencyRef {
  name: string;
  soft: boolean;
}

export interface IncludeVarsRef {
  name: string;
  project?: string;
  zuulProject: boolean;
  required: boolean;
  useRef: boolean;
  /** Project of the job stanza that listed it (the default project to load from). */
  definedIn: string;
  /** That project's checkout root (the stanza's source root). */
  definedRoot: string;
}

export interface RequiredProjectRef {
  name: string;
  overrideBranch?: string;
  overrideCheckout?: string;
}

/**
 * One `- job:` stanza (or a project-pipeline job entry), with only the attributes it sets.
 * An attribute left undefined is "not set" (Zuul's `_get(k) is None`).
 */
export interface JobVariant {
  name: string;
  source: SourceContext;
  /** `null` = base job (`parent: null`); undefined = tenant default parent. */
  parent?: string | null;
  description?: string;
  abstract?: boolean;
  intermediate?: boolean;
  final?: boolean;
  protected?: boolean;
  attributeControl?: Record<string, { final: boolean }>;
  vars?: MergeMarked<Vars>;
  extraVars?: MergeMarked<Vars>;
  hostVars?: MergeMarked<Record<string, Vars>>;
  groupVars?: MergeMarked<Record<string, Vars>>;
  includeVars?: MergeMarked<IncludeVarsRef[]>;
  secrets?: JobSecretRef[];
  preRun?: PlaybookRef[];
  run?: PlaybookRef[];
  postRun?: PlaybookRef[];
  cleanupRun?: PlaybookRef[];
  nodeset?: string | Nodeset;
  requiredProjects?: MergeMarked<RequiredProjectRef[]>;
  dependencies?: MergeMarked<DependencyRef[]>;
  provides?: MergeMarked<string[]>;
  requires?: MergeMarked<string[]>;
  tags?: MergeMarked<string[]>;
  files?: MergeMarked<RegexSpec[]>;
  irrelevantFiles?: MergeMarked<RegexSpec[]>;
  /** `match-on-config-updates` (default true): a change to the job's config runs it anyway. */
  matchOnConfigUpdates?: boolean;
  preTimeout?: number;
  timeout?: number;
  postTimeout?: number;
  attempts?: number;
  voting?: boolean;
  roles?: RoleRef[];
  overrideCheckout?: string;
  overrideBranch?: string;
  branches?: RegexSpec[];
  semaphores?: string[];
  postReview?: boolean;
  allowedProjects?: string[];
  ansibleVersion?: string;
  workspaceScheme?: 'golang' | 'flat' | 'unique';
  workspaceCheckout?: boolean | 'auto';
  /** Keys set but not modelled further (kept for completeness, e.g. `failure-output`). */
  other: Record<string, unknown>;
}

export interface ProjectPipeline {
  jobs: JobVariant[];
  /** Other pipeline keys (`queue`, `debug`, `fail-fast`). */
  other: Record<string, unknown>;
}

export interface ProjectStanza {
  /** Project name (`name`, else the project the config file belongs to). */
  name: string;
  source: SourceContext;
  templates: string[];
  vars: Vars;
  defaultBranch?: string;
  pipelines: Record<string, ProjectPipeline>;
  other: Record<string, unknown>;
}

export interface ProjectTemplate {
  name: string;
  source: SourceContext;
  vars: Vars;
  pipelines: Record<string, ProjectPipeline>;
}

export interface SecretStanza {
  name: string;
  source: SourceContext;
  /** The `data` dict; encrypted leaves are `EncryptedValue`s (left undecrypted). */
  data?: Vars;
  /** OIDC token secrets (`oidc:`), kept as written. */
  oidc?: Vars;
}

export interface PipelineStanza {
  name: string;
  source: SourceContext;
  manager?: string;
  postReview: boolean;
  other: Record<string, unknown>;
}

export interface ZuulConfig {
  /** Every variant of every job, in configuration order. */
  jobs: Map<string, JobVariant[]>;
  /** Project stanzas by project name, in configuration order. */
  projects: Map<string, ProjectStanza[]>;
  projectTemplates: Map<string, ProjectTemplate>;
  secrets: Map<string, SecretStanza>;
  nodesets: Map<string, Nodeset & { source: SourceContext }>;
  pipelines: Map<string, PipelineStanza>;
  /** Projects loaded as config projects (trusted). */
  trustedProjects: Set<string>;
  /** Non-fatal notes (unknown stanzas, multiple config roots). */
  warnings: string[];
  /** Files read, in load order. */
  files: string[];
}
