import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { loadConfig, type ConfigSource } from '../config';
import { itemConfigSources } from '../playbook/job-setup';
import { Redactor } from '../events';
import { projectJobGraph, resolveSecretValues, type ProjectJobNode } from '../freeze';
import { loadPlaybook } from '../playbook/parse';
import { runJob } from '../playbook/run-job';
import { preflight } from '../playbook/runner';
import {
  appendBuild,
  artifactsFromResultData,
  collectArtifacts,
  parentResults,
  readResults,
  startBuildsApiServer,
  type BuildsApiServer,
  type ResultData,
} from '../results';
import type { Vars } from '@zuul-ts/role-kit';
import { freezeContextFor } from '../zuul';
import { runGraph, type ReadyState } from './scheduler';
import { buildsetResult } from './buildset-result';
import { pipelineState } from './state';
import type { PipelineJobOutcome, PipelineRunResult, RunPipelineOptions } from './types';

/** Zuul build and buildset ids are uuid4 hex strings. */
const newUuid = () => randomBytes(16).toString('hex');

/** Built-in jobs, then the trusted site config, then the project's config. */
export function pipelineConfigSources(opts: RunPipelineOptions, project: string): ConfigSource[] {
  return itemConfigSources(opts, project);
}

/**
 * Everything that can be checked before any job runs (so a configuration problem builds,
 * pushes and deletes nothing): the job graph, every secret each job needs, every playbook
 * inside the supported subset with known roles.
 */
function preflightGraph(graph: ProjectJobNode[], secretValues: Record<string, Vars>): void {
  for (const node of graph) {
    resolveSecretValues(node.frozen, secretValues);
    for (const pb of node.frozen.playbooks) preflight(loadPlaybook(pb.path));
  }
}

/** Drops secret_data from a finished build's results file: nothing secret stays on disk. */
function scrubSecretData(file: string, data: ResultData): void {
  if (Object.keys(data.secret_data).length === 0) return;
  writeFileSync(file, JSON.stringify({ data: data.data }), { mode: 0o600 });
}

/**
 * `zuul-ts run-pipeline`: runs every job the project lists for `pipeline`, dependencies first
 * (independent jobs concurrently), passing artifacts, parent data and `secret_data` from job to
 * job as Zuul does, and records each finished build in the
 * state dir, which an in-process builds API serves to promote's
 * intermediate-registry method.
 */
export async function runPipeline(opts: RunPipelineOptions): Promise<PipelineRunResult> {
  const redactor = opts.redactor ?? new Redactor();
  for (const v of Object.values(opts.secretValues ?? {})) redactor.addSecretTree(v);
  const projectDir = resolve(opts.projectDir);
  const project = opts.project ?? `local/${basename(projectDir)}`;
  const sources = pipelineConfigSources(opts, project);
  const ref = opts.tag ? `refs/tags/${opts.tag}` : undefined;
  const config = loadConfig(sources);
  const context = freezeContextFor({ ...opts, project, projectDir });
  const branch = context.branch;
  const graph = projectJobGraph(config, context);
  const secretValues = opts.secretValues ?? {};
  preflightGraph(graph, secretValues);

  const state = pipelineState(opts.stateDir);
  const tenant = opts.tenant ?? 'local';
  const buildset = newUuid();
  const item = {
    project,
    branch,
    change: opts.change,
    patchset: opts.patchset,
    tag: opts.tag,
    ref,
  };
  // promote's intermediate-registry method asks the builds API for the gate build: serve the
  // local records for the duration of the run (reading only, also in a dry run).
  let api: BuildsApiServer | undefined;
  if (graph.length > 0) api = await startBuildsApiServer(state.buildsFile, tenant);
  const tempDirs: string[] = [];
  /** Unredacted results of completed (or paused) builds, for their dependents. */
  const readyData = new Map<string, { job: string; results: ResultData }>();
  try {
    const nodes = graph.map((n) => ({
      name: n.name,
      dependencies: n.dependencies.map((d) => d.name),
      softDependencies: n.dependencies.filter((d) => d.soft).map((d) => d.name),
    }));
    const outcomes = await runGraph<ResultData, PipelineJobOutcome>(
      nodes,
      {
        skipped: (job, reason) => {
          opts.onJob?.({ job, phase: 'end', result: 'SKIPPED' });
          const voting = graph.find((n) => n.name === job)!.frozen.voting;
          return { job, result: 'SKIPPED', voting, error: reason, artifacts: [], operations: [] };
        },
        run: async (job, ancestorNames, pause) => {
          opts.onJob?.({ job, phase: 'start' });
          const node = graph.find((n) => n.name === job)!;
          // Ancestors that ran, in graph order (a skipped soft dependency has no data).
          const parents = ancestorNames.flatMap((a) => readyData.get(a) ?? []);
          const build = newUuid();
          let jobDir: string;
          if (opts.dryRun) {
            jobDir = mkdtempSync(join(tmpdir(), 'zuul-ts-dry-'));
            tempDirs.push(jobDir);
          } else jobDir = state.jobDir(build);
          const parentData = parentResults(
            parents.map((p) => ({ data: p.results.data, secret_data: p.results.secret_data })),
          );
          const startTime = new Date().toISOString();
          let paused = false;
          const r = await runJob({
            job,
            configSources: sources,
            projectDir,
            project,
            pipeline: opts.pipeline,
            change: opts.change,
            patchset: opts.patchset,
            tag: opts.tag,
            branch: opts.branch,
            containingBranches: context.containingBranches,
            files: context.files,
            build,
            buildset,
            secretValues,
            zuulApi:
              node.frozen.vars.promote_container_image_api === undefined
                ? api?.tenantUrl
                : undefined,
            jobDir,
            artifacts: collectArtifacts(
              parents.map((p) => ({ job: p.job, item, data: p.results.data })),
            ),
            parentData: parentData.data,
            parentSecretData: parentData.secretData,
            childJobs: nodes.filter((n) => n.dependencies.includes(job)).map((n) => n.name),
            extraVars: opts.extraVars,
            dryRun: opts.dryRun,
            sink: opts.sink,
            redactor,
            signal: opts.signal,
            onPause: async (soFar) => {
              paused = true;
              readyData.set(job, { job, results: soFar });
              await pause(readyState(soFar, true));
            },
          });
          const resultFile = (r.zuul.executor as Vars).result_data_file as string;
          const results = readResults(resultFile);
          scrubSecretData(resultFile, results);
          if (!paused) readyData.set(job, { job, results });
          const artifacts = artifactsFromResultData(results.data);
          if (!opts.dryRun) {
            appendBuild(state.buildsFile, {
              uuid: build,
              job_name: job,
              pipeline: opts.pipeline,
              project,
              buildset,
              tenant,
              change: opts.change ?? null,
              patchset: opts.patchset ?? null,
              branch: branch ?? null,
              ref: ref ?? (opts.change ? `refs/changes/${opts.change}/${opts.patchset}` : null),
              result: r.result,
              start_time: startTime,
              end_time: new Date().toISOString(),
              artifacts,
            });
          }
          opts.onJob?.({ job, phase: 'end', result: r.result });
          return {
            ready: readyState(results, r.ok),
            outcome: {
              job,
              result: r.result,
              voting: node.frozen.voting,
              build,
              error: r.error ? redactor.redact(r.error.message) : undefined,
              cause: r.error,
              artifacts,
              operations: r.plan,
              jobDir: opts.dryRun ? undefined : jobDir,
              paused,
            },
          };
        },
      },
      opts.parallel === false ? 1 : Infinity,
    );
    const operations = outcomes.flatMap((o) => o.operations);
    return {
      pipeline: opts.pipeline,
      project,
      buildset,
      jobs: outcomes,
      result: buildsetResult(outcomes),
      ok: buildsetResult(outcomes) !== 'FAILURE',
      operations,
      stateDir: state.dir,
    };
  } finally {
    await api?.stop();
    for (const d of tempDirs) rmSync(d, { recursive: true, force: true });
  }

  function readyState(results: ResultData, ok: boolean): ReadyState<ResultData> {
    const zuul = results.data.zuul as Vars | undefined;
    const childJobs = Array.isArray(zuul?.child_jobs) ? (zuul.child_jobs as string[]) : undefined;
    return { ok, data: results, childJobs };
  }
}
