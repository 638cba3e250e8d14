import type { DependencyRef, ZuulConfig } from '../config/types';
import { FreezeError } from './errors';
import { jobMatchesChange } from './files-match';
import { freezeJob } from './freeze';
import { projectPipelineEntries } from './project-vars';
import { variantMatches } from './variants';
import type { FreezeContext, FrozenJob } from './types';

export interface ProjectJobNode {
  name: string;
  dependencies: DependencyRef[];
  frozen: FrozenJob;
}

/**
 * The job graph a project runs in a pipeline (Layout.extendJobGraph, JobGraph): every listed job
 * with a matching variant, in configuration order (the order Zuul keeps, reports in and merges
 * parent data in). A job whose file matchers do not match the change is left out, unless a job
 * that runs depends on it through hard dependencies (JobGraph.removeNonMatchingJobs). A hard
 * dependency on a job that is not in the graph is an error; a soft one is dropped.
 */
export function projectJobGraph(config: ZuulConfig, context: FreezeContext): ProjectJobNode[] {
  const names: string[] = [];
  // A job runs only if at least one of its project-pipeline entries matches the item.
  for (const entry of projectPipelineEntries(config, context.project, context.pipeline)) {
    if (!names.includes(entry.name) && variantMatches(entry, context)) names.push(entry.name);
  }
  const nodes = new Map<string, ProjectJobNode & { matches: boolean }>();
  for (const name of names) {
    try {
      const frozen = freezeJob(config, name, context);
      const matches = jobMatchesChange(frozen, context);
      nodes.set(name, { name, dependencies: frozen.dependencies, frozen, matches });
    } catch (e) {
      if (e instanceof FreezeError && e.kind === 'not-run') continue;
      throw e;
    }
  }
  const resolveDeps = () => {
    for (const node of nodes.values()) {
      node.dependencies = node.dependencies.filter((d) => {
        if (nodes.has(d.name)) return true;
        if (d.soft) {
          if (!config.jobs.has(d.name)) throw new FreezeError(`Job ${d.name} not defined`);
          return false;
        }
        throw new FreezeError(`Job ${node.name} depends on ${d.name} which was not run.`);
      });
    }
  };
  resolveDeps();
  checkCycles([...nodes.values()]);
  // Hard ancestors of a matching job run even if their own file matchers do not match.
  for (const node of nodes.values()) {
    if (!node.matches) continue;
    for (const a of ancestorsOf([...nodes.values()], node.name, true)) nodes.get(a)!.matches = true;
  }
  for (const node of [...nodes.values()]) if (!node.matches) nodes.delete(node.name);
  resolveDeps();
  return [...nodes.values()].map(({ matches: _m, ...n }) => n);
}

function checkCycles(graph: ProjectJobNode[]): void {
  const byName = new Map(graph.map((n) => [n.name, n]));
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (node: ProjectJobNode) => {
    if (state.get(node.name) === 'done') return;
    if (state.get(node.name) === 'visiting')
      throw new FreezeError(`Dependency cycle detected in job ${node.name}`);
    state.set(node.name, 'visiting');
    for (const d of node.dependencies) visit(byName.get(d.name)!);
    state.set(node.name, 'done');
  };
  graph.forEach(visit);
}

/** Transitive dependencies of `job` (only through hard edges with `hardOnly`), in graph order. */
function ancestorsOf(graph: ProjectJobNode[], job: string, hardOnly = false): string[] {
  const byName = new Map(graph.map((n) => [n.name, n]));
  const found = new Set<string>();
  const walk = (name: string) => {
    for (const d of byName.get(name)?.dependencies ?? []) {
      if ((hardOnly && d.soft) || found.has(d.name)) continue;
      found.add(d.name);
      walk(d.name);
    }
  };
  walk(job);
  return graph.map((n) => n.name).filter((n) => found.has(n));
}

/** Job names the project runs in `pipeline`, in graph (configuration) order. */
export function projectJobs(
  config: ZuulConfig,
  project: string,
  pipeline: string,
  branch?: string,
): string[] {
  return projectJobGraph(config, { project, pipeline, branch }).map((n) => n.name);
}

/** Direct dependents of `job` in the graph (zuul.child_jobs). */
export function childJobs(graph: ProjectJobNode[], job: string): string[] {
  return graph.filter((n) => n.dependencies.some((d) => d.name === job)).map((n) => n.name);
}

/**
 * Every ancestor of `job` through dependencies, soft and hard (Zuul's
 * `getParentJobsRecursively`), in graph order: whose results (data, artifacts) flow into it.
 */
export function ancestorJobs(graph: ProjectJobNode[], job: string): string[] {
  return ancestorsOf(graph, job);
}
