import type { DependencyRef, ZuulConfig } from '../config/types';
import { FreezeError } from './errors';
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
 * The job graph a project runs in a pipeline: every listed job that has a matching variant
 * (others are silently not run, as in Zuul), ordered so dependencies come first
 * (configuration order otherwise). A hard dependency on a job that does not run is an error.
 */
export function projectJobGraph(config: ZuulConfig, context: FreezeContext): ProjectJobNode[] {
  const names: string[] = [];
  // A job runs only if at least one of its project-pipeline entries matches the item.
  for (const entry of projectPipelineEntries(config, context.project, context.pipeline)) {
    if (!names.includes(entry.name) && variantMatches(entry, context)) names.push(entry.name);
  }
  const nodes = new Map<string, ProjectJobNode>();
  for (const name of names) {
    try {
      const frozen = freezeJob(config, name, context);
      nodes.set(name, { name, dependencies: frozen.dependencies, frozen });
    } catch (e) {
      if (e instanceof FreezeError && e.kind === 'not-run') continue;
      throw e;
    }
  }
  for (const node of nodes.values()) {
    node.dependencies = node.dependencies.filter((d) => {
      if (nodes.has(d.name)) return true;
      if (d.soft) return false;
      throw new FreezeError(`Job ${node.name} depends on ${d.name} which was not run.`);
    });
  }
  const ordered: ProjectJobNode[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (node: ProjectJobNode, stack: string[]) => {
    if (state.get(node.name) === 'done') return;
    if (state.get(node.name) === 'visiting') {
      throw new FreezeError(`Dependency cycle detected in job ${node.name}`);
    }
    state.set(node.name, 'visiting');
    for (const d of node.dependencies) visit(nodes.get(d.name)!, [...stack, node.name]);
    state.set(node.name, 'done');
    ordered.push(node);
  };
  for (const node of nodes.values()) visit(node, []);
  return ordered;
}

/** Job names the project runs in `pipeline`, dependencies first (for run-pipeline). */
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
  const byName = new Map(graph.map((n) => [n.name, n]));
  const found = new Set<string>();
  const walk = (name: string) => {
    for (const d of byName.get(name)?.dependencies ?? []) {
      if (found.has(d.name)) continue;
      found.add(d.name);
      walk(d.name);
    }
  };
  walk(job);
  return graph.map((n) => n.name).filter((n) => found.has(n));
}
