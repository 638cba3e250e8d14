import type { ConfigProblem } from './errors';
import type { JobVariant, Nodeset, SourceContext, ZuulConfig } from './types';

/**
 * Reference checks Zuul runs when it loads a layout (Job.validateReferences, Layout.getJob,
 * the nodeset and project-template lookups): every problem of the whole configuration, each at
 * its stanza, whether or not the job concerned would ever run.
 */
export function checkReferences(config: ZuulConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const at = (source: SourceContext, message: string) =>
    problems.push({ file: source.file, line: source.line, message });
  for (const variants of config.jobs.values())
    for (const v of variants) {
      const msg = checkParent(config, v);
      if (msg) at(v.source, msg);
      checkJobRefs(config, v, (m) => at(v.source, m));
    }
  const checkEntries = (jobs: JobVariant[]) => {
    for (const j of jobs) {
      if (!config.jobs.has(j.name)) at(j.source, `Job ${j.name} not defined`);
      checkJobRefs(config, j, (m) => at(j.source, m));
    }
  };
  for (const t of config.projectTemplates.values())
    for (const p of Object.values(t.pipelines)) checkEntries(p.jobs);
  for (const stanzas of config.projects.values())
    for (const s of stanzas) {
      for (const t of s.templates)
        if (!config.projectTemplates.has(t)) at(s.source, `Project template ${t} not found`);
      for (const p of Object.values(s.pipelines)) checkEntries(p.jobs);
    }
  return problems;
}

/** A parent must exist, and some variant of it must not be final / intermediate / protected. */
function checkParent(config: ZuulConfig, v: JobVariant): string | undefined {
  if (!v.parent) return undefined;
  const parents = config.jobs.get(v.parent);
  if (!parents) return `Job ${v.parent} not defined`;
  const quoted = `The parent of job "${v.name}", "${v.parent}"`;
  if (parents.every((p) => p.final)) return `${quoted} is final and can not act as a parent`;
  if (parents.every((p) => p.intermediate) && !v.abstract)
    return `${quoted} is intermediate but "${v.name}" is not abstract`;
  if (parents.every((p) => p.protected) && parents[0].source.project !== v.source.project)
    return `${quoted} is a protected job in a different project`;
  return undefined;
}

/** Nodesets (alternatives included) and dependencies a job stanza names must exist. */
function checkJobRefs(config: ZuulConfig, v: JobVariant, problem: (m: string) => void): void {
  const nodesets = (ns: string | Nodeset | undefined): void => {
    if (ns === undefined) return;
    if (typeof ns === 'string') {
      if (!config.nodesets.has(ns)) problem(`The nodeset "${ns}" was not found.`);
      return;
    }
    for (const alt of ns.alternatives ?? []) nodesets(alt);
  };
  nodesets(v.nodeset);
  for (const d of v.dependencies?.value ?? [])
    if (!config.jobs.has(d.name)) problem(`Job ${d.name} not defined`);
}
