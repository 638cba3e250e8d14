import type {
  IncludeVarsRef,
  Nodeset,
  RequiredProjectRef,
  RegexSpec,
  RoleRef,
  Vars,
  DependencyRef,
} from '../config/types';
import type { FrozenPlaybook } from './types';

/** The job being frozen: Zuul's Job object while `applyVariant` runs over the variant list. */
export interface Accumulator {
  name: string;
  inheritancePath: string[];
  abstract: boolean;
  intermediate: boolean;
  final: boolean;
  protectedOrigin?: string;
  finalAttributes: Set<string>;
  description?: string;
  vars: Vars;
  extraVars: Vars;
  hostVars: Record<string, Vars>;
  groupVars: Record<string, Vars>;
  includeVars: IncludeVarsRef[];
  preRun: FrozenPlaybook[];
  run: FrozenPlaybook[];
  postRun: FrozenPlaybook[];
  cleanupRun: FrozenPlaybook[];
  roles: RoleRef[];
  nodeset?: string | Nodeset;
  requiredProjects: Map<string, RequiredProjectRef>;
  dependencies: DependencyRef[];
  provides: Set<string>;
  requires: Set<string>;
  tags: Set<string>;
  files: RegexSpec[];
  irrelevantFiles: RegexSpec[];
  matchOnConfigUpdates: boolean;
  /** Some applied variant set `failure-output`. */
  failureOutput: boolean;
  /** `project\0file` of every applied variant (match-on-config-updates). */
  configFiles: Set<string>;
  preTimeout: number | null;
  timeout: number | null;
  postTimeout: number | null;
  attempts: number;
  voting: boolean;
  postReview: boolean;
  allowedProjects: Set<string> | null;
  ansibleVersion?: string;
  workspaceScheme: 'golang' | 'flat' | 'unique';
  workspaceCheckout: boolean | 'auto';
  overrideCheckout?: string;
  overrideBranch?: string;
  semaphores: Set<string>;
}

export function newAccumulator(name: string): Accumulator {
  return {
    name,
    inheritancePath: [],
    abstract: false,
    intermediate: false,
    final: false,
    finalAttributes: new Set(),
    vars: {},
    extraVars: {},
    hostVars: {},
    groupVars: {},
    includeVars: [],
    preRun: [],
    run: [],
    postRun: [],
    cleanupRun: [],
    roles: [],
    requiredProjects: new Map(),
    dependencies: [],
    provides: new Set(),
    requires: new Set(),
    tags: new Set(),
    files: [],
    irrelevantFiles: [],
    matchOnConfigUpdates: true,
    failureOutput: false,
    configFiles: new Set(),
    preTimeout: null,
    timeout: null,
    postTimeout: null,
    attempts: 3,
    voting: true,
    postReview: false,
    allowedProjects: null,
    workspaceScheme: 'golang',
    workspaceCheckout: true,
    semaphores: new Set(),
  };
}
