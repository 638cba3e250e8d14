import type {
  DependencyRef,
  IncludeVarsRef,
  Nodeset,
  RegexSpec,
  RequiredProjectRef,
  RoleRef,
  SourceContext,
  Vars,
} from '../config/types';

export type PlaybookPhase = 'pre-run' | 'run' | 'post-run' | 'cleanup-run';

/** A secret bound to a playbook, exposed to it as an Ansible variable. */
export interface FrozenSecret {
  /** Name of the `secret` stanza. */
  secret: string;
  /** Project the secret stanza belongs to (its key decrypts it). */
  project: string;
  /** The secret's `data` (encrypted leaves are `EncryptedValue`s until the runner supplies plaintext). */
  data: Vars;
  /** True when some leaf is still `!encrypted/pkcs1-oaep`. */
  encrypted: boolean;
  /** Token secrets (`oidc:`) are not data secrets. */
  oidc?: Vars;
}

export interface FrozenPlaybook {
  phase: PlaybookPhase;
  /** Absolute path (source root + path as written). */
  path: string;
  /** Path as written in the job stanza. */
  name: string;
  /** Line of the playbook entry in `source.file`. */
  line: number;
  /** Roles visible to this playbook, nearest first (only those accumulated up to its stanza). */
  roles: RoleRef[];
  /** Variable name -> secret, bound at the defining stanza (+ pass-to-parent from children). */
  secrets: Record<string, FrozenSecret>;
  /** From a config-project. */
  trusted: boolean;
  /** Name of the job stanza that added the playbook. */
  sourceJob: string;
  source: SourceContext;
  /** Zuul's nesting_level: 0 for the base job's playbooks, +1 per applied variant. */
  nestingLevel: number;
  /** Runs also when the build is aborted (`post-run: {cleanup: true}` or legacy cleanup-run). */
  cleanup: boolean;
  /** Legacy cleanup-run: result ignored. */
  ignoreResult: boolean;
  semaphores: string[];
}

export interface FreezeContext {
  project: string;
  pipeline: string;
  /** The item's branch (change and branch items); branch matchers match it. */
  branch?: string;
  /** The item's ref (`refs/tags/v1`), matched when there is no branch. */
  ref?: string;
  /** Tag/ref items: the branches containing the commit (branch matchers match these too). */
  containingBranches?: string[];
  /** Every branch of the item's project, when known (override-checkout must name one). */
  projectBranches?: string[];
  /** Files the change touches, relative to the project root; undefined = unknown (matches). */
  files?: string[];
  /** Tenant default parent (Zuul `default-parent`, itself defaulting to `base`). */
  defaultParent?: string;
  /** Tenant/system default Ansible version. */
  defaultAnsibleVersion?: string;
}

export interface FrozenJob {
  name: string;
  project: string;
  pipeline: string;
  branch?: string;
  /** repr strings of every applied variant, base first (zuul._inheritance_path). */
  inheritancePath: string[];
  /** Every playbook in execution order: pre-run, run, post-run (cleanup-run merged in). */
  playbooks: FrozenPlaybook[];
  preRun: FrozenPlaybook[];
  run: FrozenPlaybook[];
  postRun: FrozenPlaybook[];
  vars: Vars;
  extraVars: Vars;
  hostVars: Record<string, Vars>;
  groupVars: Record<string, Vars>;
  includeVars: IncludeVarsRef[];
  /** include-vars as Zuul freezes them (Job._freezeIncludeVars), the `zuul.include_vars` entries. */
  includeVarsFrozen: FrozenIncludeVars[];
  nodeset: Nodeset;
  requiredProjects: RequiredProjectRef[];
  dependencies: DependencyRef[];
  provides: string[];
  requires: string[];
  /** Sorted (zuul.jobtags). */
  tags: string[];
  files: RegexSpec[];
  irrelevantFiles: RegexSpec[];
  matchOnConfigUpdates: boolean;
  /** `project\0path` of every config file a variant of this job came from. */
  configFiles: string[];
  preTimeout: number | null;
  timeout: number | null;
  postTimeout: number | null;
  attempts: number;
  voting: boolean;
  abstract: boolean;
  final: boolean;
  protected: boolean;
  postReview: boolean;
  /** The pipeline's `post-review` (its stanza; a pipeline without one is pre-review). */
  pipelinePostReview: boolean;
  allowedProjects: string[] | null;
  ansibleVersion: string;
  workspaceScheme: 'golang' | 'flat' | 'unique';
  workspaceCheckout: boolean | 'auto';
  overrideCheckout?: string;
  overrideBranch?: string;
  semaphores: string[];
  roles: RoleRef[];
  /** Names of every secret stanza any playbook needs. */
  secretNames: string[];
  description?: string;
}

export interface FrozenIncludeVars {
  name: string;
  connection: string;
  /** The item's project (`zuul-project: true`), else `project`, else the stanza's project. */
  project: string;
  project_default_branch: string;
  /** The project is a config project. */
  trusted: boolean;
  required: boolean;
  use_ref: boolean;
}
