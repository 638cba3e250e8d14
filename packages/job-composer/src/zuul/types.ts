/** The pipeline item and executor context a `zuul` dict is built for. */

export interface ProjectInfo {
  /** `org/app` */
  name: string;
  /** Default `review.example.org`-style host; Zuul's connection canonical hostname. */
  canonicalHostname?: string;
  /**
   * Where the checkout is. Zuul's `src_dir` is `src/<canonical_name>` relative to work_root;
   * when given (zuul-ts `--project-dir`), `zuul.project.src_dir` is this absolute path instead.
   */
  srcDir?: string;
  defaultBranch?: string;
}

/** One artifact as seen in `zuul.artifacts`. */
export interface ZuulArtifact {
  name: string;
  url: string;
  metadata?: Record<string, unknown>;
  project?: string;
  job?: string;
  branch?: string;
  change?: string;
  patchset?: string;
  ref?: string;
  oldrev?: string | null;
  newrev?: string | null;
  tag?: string;
  [key: string]: unknown;
}

export interface PipelineContext {
  project: ProjectInfo;
  pipeline: string;
  /** Pipeline `post-review` (default: the frozen job's pipelinePostReview). */
  postReview?: boolean;
  tenant?: string;
  // Item: a change (change + patchset), a tag, or a branch (+ newrev/oldrev); ref otherwise.
  change?: string | number;
  patchset?: string | number;
  branch?: string;
  tag?: string;
  ref?: string;
  oldrev?: string;
  newrev?: string;
  /** SHA of the patchset head / ref (commit_id); default: HEAD of `project.srcDir` if it is a git checkout. */
  commitId?: string;
  changeUrl?: string;
  changeMessage?: string;
  topic?: string | null;
  /** 32-hex build uuid; generated when absent. */
  build?: string;
  buildset?: string;
  eventId?: string | null;
  /** `<job_dir>/<build>` root; default `/var/lib/zuul/builds/<build>`. */
  jobDir?: string;
  executorHostname?: string;
  attempts?: number;
  /** Artifacts of earlier jobs (dependencies / requires) in the run, already shaped (5.4). */
  artifacts?: ZuulArtifact[];
  /** Names of direct dependents in the job graph. */
  childJobs?: string[];
  /** Items ahead in the queue (furthest first); each as an item context of its own. */
  itemsAhead?: Omit<PipelineContext, 'itemsAhead' | 'pipeline' | 'build' | 'buildset'>[];
}

export type ItemType = 'change' | 'branch' | 'tag' | 'ref';

export type ZuulDict = Record<string, unknown> & {
  build: string;
  buildset: string;
  pipeline: string;
  job: string;
  project: Record<string, unknown>;
  executor: {
    hostname: string;
    src_root: string;
    log_root: string;
    work_root: string;
    result_data_file: string;
    inventory_file: string;
  };
};
