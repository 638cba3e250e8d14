import type { JobVariant, Vars, ZuulConfig } from '../config/types';
import { deepMerge } from './deep-merge';
import { FreezeError } from './errors';

/**
 * Project + project-template `vars` for a project in a pipeline (Layout.getProjectPipelineConfig):
 * per project stanza in configuration order, the vars of its templates that take part in the
 * pipeline, then the stanza's own vars, deep-merged.
 */
export function projectVars(config: ZuulConfig, project: string, pipeline: string): Vars {
  let vars: Vars = {};
  for (const stanza of config.projects.get(project) ?? []) {
    for (const t of stanza.templates) {
      const template = config.projectTemplates.get(t);
      if (!template) throw new FreezeError(`Project template ${t} not found`);
      if (template.pipelines[pipeline]) vars = deepMerge(vars, template.vars);
    }
    vars = deepMerge(vars, stanza.vars);
  }
  return vars;
}

/**
 * The project-pipeline job entries of a project in a pipeline, in configuration order: for each
 * project stanza, its templates' entries first, then its own (Zuul's ProjectParser job list).
 */
export function projectPipelineEntries(
  config: ZuulConfig,
  project: string,
  pipeline: string,
): JobVariant[] {
  const out: JobVariant[] = [];
  for (const stanza of config.projects.get(project) ?? []) {
    for (const t of stanza.templates) {
      const template = config.projectTemplates.get(t);
      if (!template) throw new FreezeError(`Project template ${t} not found`);
      out.push(...(template.pipelines[pipeline]?.jobs ?? []));
    }
    out.push(...(stanza.pipelines[pipeline]?.jobs ?? []));
  }
  return out;
}
