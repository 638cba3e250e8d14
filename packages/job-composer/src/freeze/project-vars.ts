import type { JobVariant, ProjectStanza, Vars, ZuulConfig } from '../config/types';
import { deepMerge } from './deep-merge';
import { FreezeError } from './errors';

/**
 * Project + project-template `vars` for a project in a pipeline (Layout.getProjectPipelineConfig):
 * per project stanza in configuration order, the vars of its templates that take part in the
 * pipeline, then the stanza's own vars, deep-merged.
 */
export function projectVars(config: ZuulConfig, project: string, pipeline: string): Vars {
  let vars: Vars = {};
  for (const stanza of projectStanzas(config, project)) {
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
  for (const stanza of projectStanzas(config, project)) {
    for (const t of stanza.templates) {
      const template = config.projectTemplates.get(t);
      if (!template) throw new FreezeError(`Project template ${t} not found`);
      out.push(...(template.pipelines[pipeline]?.jobs ?? []));
    }
    out.push(...(stanza.pipelines[pipeline]?.jobs ?? []));
  }
  return out;
}

/**
 * The project stanzas that apply to `project`, in Zuul's order (configloader
 * `_addLayoutItems`): per config source in load order, its stanzas naming the project exactly,
 * then its regex stanzas (`name: ^org/.*$`) matching the project, grouped by regex.
 */
export function projectStanzas(config: ZuulConfig, project: string): ProjectStanza[] {
  const all = [...config.projects.values()].flat();
  const order = (p: ProjectStanza) => config.files.indexOf(p.source.file) * 1e7 + p.source.line;
  all.sort((a, b) => order(a) - order(b));
  const sources = [...new Set(all.map((p) => p.source.project))];
  const out: ProjectStanza[] = [];
  for (const src of sources) {
    const mine = all.filter((p) => p.source.project === src);
    out.push(...mine.filter((p) => p.name === project));
    const regexes = [...new Set(mine.map((p) => p.name).filter((n) => n.startsWith('^')))];
    for (const re of regexes)
      if (new RegExp(re).test(project)) out.push(...mine.filter((p) => p.name === re));
  }
  return out;
}
