import type { ConfigSource } from '../config';
import type { EventSink, Redactor } from '../events';
import type { JobResultName } from '../playbook/run-job';
import type { ResultArtifact } from '../results';
import type { OperationRecord, Vars } from '@zuul-ts/role-kit';

/** Zuul's build results plus SKIPPED (a dependency failed or was skipped, or child_jobs). */
export type PipelineJobResult = JobResultName | 'SKIPPED';

/** What changed in the repository: a change (check/gate/promote), a tag, or a branch tip. */
export interface PipelineItem {
  change?: string;
  patchset?: string;
  tag?: string;
  branch?: string;
  /** Tag items: branches containing the tagged commit (default: from the checkout's git). */
  containingBranches?: string[];
  /** Files the change touches (default: the checkout's HEAD commit vs its parent). */
  files?: string[];
}

export interface RunPipelineOptions extends PipelineItem {
  pipeline: string;
  /** The project checkout (`zuul.project.src_dir`). */
  projectDir: string;
  /** Project name (default `local/<basename of projectDir>`). */
  project?: string;
  /**
   * Project config files/folders (`--config`); default: the checkout's own zuul.yaml/zuul.d.
   * Loaded after `siteConfig`.
   */
  configPaths?: string[];
  /** Trusted config-project files/folders (site base jobs, secrets' playbooks). */
  siteConfig?: string[];
  /** Secret name -> plaintext data (`--secrets FILE`). */
  secretValues?: Record<string, Vars>;
  /** Build records and job dirs (default: `$XDG_STATE_HOME/zuul-ts` or `~/.local/state/zuul-ts`). */
  stateDir?: string;
  /** Zuul tenant name the builds API serves (default `local`). */
  tenant?: string;
  /** Extra vars for every job (`-e`). */
  extraVars?: Vars;
  dryRun?: boolean;
  /** Run independent jobs concurrently (default true). */
  parallel?: boolean;
  sink?: EventSink;
  redactor?: Redactor;
  signal?: AbortSignal;
  /** Called when a job starts and when it has a result (for progress output). */
  onJob?: (event: { job: string; phase: 'start' | 'end'; result?: PipelineJobResult }) => void;
  /** Config sources replacing the default list (embedders, tests). */
  configSources?: ConfigSource[];
}

export interface PipelineJobOutcome {
  job: string;
  result: PipelineJobResult;
  /** A failing non-voting job does not fail the buildset. */
  voting: boolean;
  /** Build UUID (`zuul.build`); absent for SKIPPED. */
  build?: string;
  /** Why it failed or was skipped (redacted). */
  error?: string;
  /** The (redacted) error object of a failed build, for exit codes. */
  cause?: Error;
  artifacts: ResultArtifact[];
  /** Operations in order (dry run: the plan; real run: what was done). */
  operations: OperationRecord[];
  jobDir?: string;
  paused?: boolean;
}

export interface PipelineRunResult {
  pipeline: string;
  project: string;
  buildset: string;
  /** Jobs in dependency order (the order they are listed in `jobs`, dependencies first). */
  jobs: PipelineJobOutcome[];
  /**
   * The buildset result (QueueItem.didAllJobsSucceed and the manager's report): NO_JOBS when
   * the project runs no job in the pipeline, FAILURE when a voting job did not succeed or
   * every job was skipped, else SUCCESS.
   */
  result: 'SUCCESS' | 'FAILURE' | 'NO_JOBS';
  /** `result` is not FAILURE. */
  ok: boolean;
  /** Every job's operations, concatenated in job order. */
  operations: OperationRecord[];
  stateDir: string;
}
