import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ConfigSource } from '../config';
import { dumpYaml11 } from '@zuul-ts/templating';
import { Emitter, Redactor, memorySink, type EventSink, type RunEvent } from '../events';
import type { FrozenJob, FrozenPlaybook } from '../freeze';
import { makeInventory, writeInventory } from '../inventory';
import type { NodeInfo } from '../inventory';
import { readResults, mergeZuulReturn, type ResultData } from '../results';
import type { OperationRecord, Vars } from '@zuul-ts/role-kit';
import type { ZuulArtifact } from '../zuul';
import { deadline } from './deadline';
import { executePlaybooks } from './execute';
import { unreachableFileFor, unreachableHost } from './unreachable';
import { checkJobInputs, phaseOf, setupJob } from './job-setup';
import type { CommonRunOptions } from './run-api';
import type { RoleRunRecord } from './state';

export { prepareJob, checkJob } from './job-setup';

export interface RunJobOptions extends CommonRunOptions {
  job: string;
  /** `--config`: files or folders (read like zuul.d/). Default: the project dir's own config. */
  configPaths?: string[];
  /** Trusted config-project files/folders (site base jobs, pipelines, secrets' playbooks). */
  siteConfig?: string[];
  /** The project's checkout: `zuul.project.src_dir` and `zuul_work_dir` resolve to it. */
  projectDir: string;
  /** Project name (default `local/<basename of projectDir>`). */
  project?: string;
  pipeline: string;
  change?: string;
  patchset?: string;
  tag?: string;
  branch?: string;
  /** Tag items: branches containing the tagged commit (default: from the checkout's git). */
  containingBranches?: string[];
  /** Files the change touches (default: the checkout's HEAD commit vs its parent). */
  files?: string[];
  build?: string;
  /** Secret name → plaintext data (what `--secrets FILE` holds). */
  secretValues?: Record<string, Vars>;
  /** Zuul tenant API (promote's intermediate-registry method): sets `promote_container_image_api`. */
  zuulApi?: string;
  /** The build's job dir (`ansible/`, `work/`); default: a fresh temp dir. */
  jobDir?: string;
  /** From earlier jobs in the same run (run-pipeline): `zuul.artifacts`, parent data (layers 2, 9). */
  artifacts?: ZuulArtifact[];
  parentData?: Vars;
  parentSecretData?: Vars;
  childJobs?: string[];
  buildset?: string;
  /**
   * run-pipeline: the full config source list (built-in jobs, a trusted site config, the
   * project); replaces `configPaths` when given.
   */
  configSources?: ConfigSource[];
  /**
   * Zuul's pause: called after a successful run phase whose results
   * carry `zuul.pause: true`, with the (unredacted) results so far; post-run starts when the
   * returned promise settles (run-pipeline resolves it when every dependent job finished).
   */
  onPause?: (data: ResultData) => Promise<void>;
  /**
   * The nodes Nodepool would hand out (connection address, port, user, host keys). Default:
   * every nodeset node is the local machine (`ansible_connection: local`).
   */
  nodes?: NodeInfo[];
}

export type JobResultName =
  | 'SUCCESS'
  | 'FAILURE'
  | 'POST_FAILURE'
  | 'TIMED_OUT'
  | 'ABORTED'
  /** A pre-run playbook failed and attempts remain: the job is run again (only in `attempts`). */
  | 'RETRY'
  /** A pre-run playbook failed on the last attempt (`attempts`, default 3). */
  | 'RETRY_LIMIT';

/** One try of a job (Zuul re-runs a job whose pre-run failed, 1.6 `attempts`). */
export interface JobAttempt {
  /** `zuul.attempts`: 1 on the first try. */
  attempt: number;
  result: JobResultName;
  build: string;
  /** The failure (redacted), when the attempt failed. */
  error?: string;
}

export interface JobRunResult {
  job: string;
  /** The last attempt's result: never `RETRY` (a RETRY is run again). */
  result: JobResultName;
  /** Every attempt in order, the last one being this result's. */
  attempts: JobAttempt[];
  /** `zuul.max_attempts` (the job's `attempts`). */
  maxAttempts: number;
  ok: boolean;
  /** First failure (redacted). */
  error?: Error;
  /** The phase of the first failure. */
  failedPhase?: FrozenPlaybook['phase'];
  playbooks: {
    phase: FrozenPlaybook['phase'];
    path: string;
    status: 'ok' | 'failed' | 'skipped';
  }[];
  roles: RoleRunRecord[];
  plan: OperationRecord[];
  /** The results file after the build (secret_data redacted). */
  resultData: ResultData;
  zuul: Vars;
  frozen: FrozenJob;
  jobDir: string;
  events?: RunEvent[];
  redactor: Redactor;
}

/**
 * Bad role input found before the job started: nothing ran (no playbook, no results file);
 * the InputError (exit 2) names the variable path.
 */
function inputFailure(
  frozen: FrozenJob,
  zuul: Vars,
  jobDir: string,
  redactor: Redactor,
  loaded: { pb: FrozenPlaybook }[],
  err: Error,
): JobRunResult {
  return {
    ...newResult(frozen, zuul, jobDir, redactor),
    result: 'FAILURE',
    ok: false,
    error: redactor.redactError(err),
    playbooks: loaded.map(({ pb }) => ({ phase: pb.phase, path: pb.path, status: 'skipped' })),
  };
}

/** A job result before anything ran: SUCCESS until a playbook fails. */
function newResult(
  frozen: FrozenJob,
  zuul: Vars,
  jobDir: string,
  redactor: Redactor,
): JobRunResult {
  return {
    job: frozen.name,
    result: 'SUCCESS',
    attempts: [],
    maxAttempts: frozen.attempts,
    ok: true,
    playbooks: [],
    roles: [],
    plan: [],
    resultData: { data: {}, secret_data: {} },
    zuul,
    frozen,
    jobDir,
    redactor,
  };
}

/** Zuul's playbook dir names: pre_playbook_N, playbook_N, post_playbook_N. */
function playbookDirName(pb: FrozenPlaybook, index: number): string {
  const prefix =
    pb.phase === 'pre-run' ? 'pre_playbook' : pb.phase === 'run' ? 'playbook' : 'post_playbook';
  return `${prefix}_${index}`;
}

/**
 * Runs a frozen job like the executor: pre-run in order (a failure skips run and
 * the post playbooks nested deeper than it), run (first failure stops), post-run always, with
 * `zuul_success`. Writes `ansible/inventory.yaml` (debug inventory, with zuul), `zuul_vars.yaml`
 * and each playbook's inventory, exactly as Zuul lays them out — but never a secrets file:
 * secrets stay in memory. Every role's input is checked before the first playbook (bad input:
 * nothing runs, exit 2); a pre-run failure is retried up to the job's `attempts` (1.6).
 */
export async function runJob(opts: RunJobOptions): Promise<JobRunResult> {
  const redactor = opts.redactor ?? new Redactor();
  const mem = opts.sink ? undefined : memorySink();
  const shared = { ...opts, redactor, sink: opts.sink ?? mem! };
  const attempts: JobAttempt[] = [];
  for (let attempt = 1; ; attempt++) {
    const r = await runAttempt(shared, attempt);
    attempts.push({
      attempt,
      result: r.result,
      build: String(r.zuul.build),
      ...(r.error ? { error: r.error.message } : {}),
    });
    if (r.result === 'RETRY') continue;
    r.attempts = attempts;
    r.events = mem?.events;
    return r;
  }
}

/**
 * One attempt of the job (`zuul.attempts` = attempt). A pre-run failure gives `RETRY` while
 * attempts remain, `RETRY_LIMIT` on the last one, and `FAILURE` when the playbooks returned
 * `zuul.retry: false` (1.3, 9).
 */
async function runAttempt(
  opts: RunJobOptions & { redactor: Redactor; sink: EventSink },
  attempt: number,
): Promise<JobRunResult> {
  const redactor = opts.redactor;
  const setup = setupJob(opts, redactor, attempt);
  const { frozen, zuul, jobDir, loaded, indexes, playbookInputs, inventoryOptions } = setup;
  try {
    await checkJobInputs(setup, opts);
  } catch (err) {
    return inputFailure(frozen, zuul, jobDir, redactor, loaded, err as Error);
  }

  const resultFile = (zuul.executor as Vars).result_data_file as string;
  mkdirSync(dirname(resultFile), { recursive: true });
  // Zuul creates the results file empty at job start (5.2).
  writeFileSync(resultFile, '', { mode: 0o600 });
  writeInventory(
    join(jobDir, 'ansible', 'inventory.yaml'),
    makeInventory(frozen, zuul as never, opts.nodes, { ...inventoryOptions, includeZuul: true }),
  );
  writeFileSync(join(jobDir, 'ansible', 'zuul_vars.yaml'), dumpYaml11({ zuul }));

  const sink = opts.sink;
  const emitter = new Emitter({ emit: (e) => sink.emit(redactor.redactValue(e)) });
  const result = newResult(frozen, zuul, jobDir, redactor);
  let preFailedLevel: number | undefined;
  let runFailed = false;
  let postFailed = false;
  let timedOut = false;
  // A node that could not be reached: Zuul retries the job whatever the phase.
  let unreachable = false;
  // 1.3: `timeout` bounds pre+run from the first pre playbook; `pre-timeout` (or `timeout`)
  // the pre phase; `post-timeout` each post playbook. `opts.signal` aborts the build: then only
  // cleanup playbooks still run.
  const jobClock = deadline(frozen.timeout, opts.signal);
  const preClock = deadline(frozen.preTimeout ?? frozen.timeout, jobClock.signal);
  const aborted = () => opts.signal?.aborted === true;
  // 1.3/5.3: a pre-run failure is retried unless the playbooks returned `zuul.retry: false`.
  const retryDisabled = () =>
    (readResults(resultFile).data.zuul as Vars | undefined)?.retry === false;
  // Section 9: post playbooks see zuul_will_retry True when a retry will follow.
  const willRetry = () =>
    (preFailedLevel !== undefined || unreachable) &&
    !aborted() &&
    !timedOut &&
    attempt < frozen.attempts &&
    !retryDisabled();
  let pauseChecked = false;
  const maybePause = async () => {
    if (pauseChecked) return;
    pauseChecked = true;
    if (!opts.onPause || preFailedLevel !== undefined || runFailed || aborted()) return;
    const soFar = readResults(resultFile);
    if ((soFar.data.zuul as Vars | undefined)?.pause === true) await opts.onPause(soFar);
  };
  await emitter
    .span('job', frozen.name, undefined, async () => {
      for (const [i, { pb, playbook }] of loaded.entries()) {
        const phase = phaseOf(pb);
        const index = indexes[i];
        const skip =
          (aborted() && !pb.cleanup) ||
          (phase !== 'post' && (preFailedLevel !== undefined || runFailed)) ||
          (phase === 'post' && preFailedLevel !== undefined && pb.nestingLevel > preFailedLevel);
        if (skip) {
          result.playbooks.push({ phase: pb.phase, path: pb.path, status: 'skipped' });
          continue;
        }
        if (phase === 'post') await maybePause();
        const { inventory, view, extraVars } = playbookInputs(pb, index, {
          success: preFailedLevel === undefined && !runFailed && !postFailed,
          willRetry: willRetry(),
        });
        writeInventory(
          join(jobDir, 'ansible', playbookDirName(pb, index), 'inventory.yaml'),
          inventory,
        );
        const clock =
          phase === 'pre'
            ? preClock
            : phase === 'run'
              ? jobClock
              : deadline(frozen.postTimeout, opts.signal);
        const out = await executePlaybooks({
          playbooks: [playbook],
          inventory: view,
          extraVars,
          prevalidate: false, // done for every playbook before the first one ran
          zuul,
          dryRun: opts.dryRun,
          sink: { emit: (e) => sink.emit(e) },
          redactor,
          rolesDir: opts.rolesDir,
          signal: clock.signal,
          unreachableFile: unreachableFileFor(jobDir),
          zuulReturn: async (payload, path) => {
            mergeZuulReturn(path ?? resultFile, payload);
          },
        });
        if (phase === 'post') clock.clear();
        result.roles.push(...out.roles);
        result.plan.push(...out.plan);
        result.playbooks.push({ phase: pb.phase, path: pb.path, status: out.ok ? 'ok' : 'failed' });
        if (out.ok) continue;
        if (unreachableHost(out.error) && !pb.cleanup) unreachable = true;
        if (!result.error) {
          result.error = out.error;
          result.failedPhase = pb.phase;
        }
        if (phase !== 'post' && clock.timedOut()) timedOut = true;
        if (phase === 'pre') preFailedLevel = pb.nestingLevel;
        else if (phase === 'run') runFailed = true;
        else if (!pb.ignoreResult) postFailed = true;
      }
      await maybePause();
      jobClock.clear();
      preClock.clear();
      result.result = aborted()
        ? 'ABORTED'
        : timedOut
          ? 'TIMED_OUT'
          : unreachable || (preFailedLevel !== undefined && !retryDisabled())
            ? attempt < frozen.attempts
              ? 'RETRY'
              : 'RETRY_LIMIT'
            : preFailedLevel !== undefined || runFailed
              ? 'FAILURE'
              : postFailed
                ? 'POST_FAILURE'
                : 'SUCCESS';
      result.ok = result.result === 'SUCCESS';
      if (!result.ok) throw result.error ?? new Error(result.result);
    })
    .catch(() => undefined);
  if (result.result === 'RETRY')
    emitter.log(
      'warn',
      `${frozen.name}: pre-run failed, RETRY (attempt ${attempt} of ${frozen.attempts})`,
    );
  const data = readResults(resultFile);
  redactor.addSecretTree(data.secret_data);
  result.resultData = redactor.redactValue(data);
  return result;
}
