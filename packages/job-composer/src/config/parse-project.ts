import type { ProjectPipeline, ProjectStanza, ProjectTemplate, SourceContext } from './types';
import { parseJob, type LineOf } from './parse-job';
import { Path, checkVarNames, dict, fail, list, str, strList } from './validate';

/** Keys of a project stanza that are not pipeline names. */
const PROJECT_KEYS = new Set([
  'name',
  'description',
  'templates',
  'vars',
  'default-branch',
  'merge-mode',
  'queue',
]);
const PIPELINE_KEYS = new Set(['jobs', 'queue', 'debug', 'fail-fast']);

export function parseProject(
  conf: Record<string, unknown>,
  source: SourceContext,
  path: Path,
  lineOf: LineOf = () => source.line,
): ProjectStanza {
  const name = conf.name === undefined ? source.project : str(conf.name, [...path, 'name']);
  const vars = dict(conf.vars ?? {}, [...path, 'vars']);
  checkVarNames(vars, [...path, 'vars']);
  const other: Record<string, unknown> = {};
  for (const k of ['description', 'merge-mode', 'queue'])
    if (conf[k] !== undefined) other[k] = conf[k];
  return {
    name,
    source,
    templates: strList(conf.templates, [...path, 'templates']),
    vars,
    defaultBranch:
      conf['default-branch'] === undefined
        ? undefined
        : str(conf['default-branch'], [...path, 'default-branch']),
    pipelines: parsePipelines(conf, PROJECT_KEYS, source, path, lineOf),
    other,
  };
}

export function parseProjectTemplate(
  conf: Record<string, unknown>,
  source: SourceContext,
  path: Path,
  lineOf: LineOf = () => source.line,
): ProjectTemplate {
  const vars = dict(conf.vars ?? {}, [...path, 'vars']);
  checkVarNames(vars, [...path, 'vars']);
  return {
    name: str(conf.name, [...path, 'name']),
    source,
    vars,
    pipelines: parsePipelines(
      conf,
      new Set(['name', 'description', 'vars', 'queue']),
      source,
      path,
      lineOf,
    ),
  };
}

function parsePipelines(
  conf: Record<string, unknown>,
  reserved: ReadonlySet<string>,
  source: SourceContext,
  path: Path,
  lineOf: LineOf,
): Record<string, ProjectPipeline> {
  const out: Record<string, ProjectPipeline> = {};
  for (const [pipeline, body] of Object.entries(conf)) {
    if (reserved.has(pipeline)) continue;
    const p = [...path, pipeline];
    const d = dict(body, p);
    const other: Record<string, unknown> = {};
    for (const k of Object.keys(d)) {
      if (!PIPELINE_KEYS.has(k))
        fail([...p, k], `extra keys not allowed (unknown attribute "${k}")`);
      if (k !== 'jobs') other[k] = d[k];
    }
    const jobs = list(d.jobs).map((entry, i) => {
      const jp = [...p, 'jobs', i];
      // Each entry is a variant of its own: its source line is the entry's line.
      const entrySource = { ...source, line: lineOf(jp) };
      if (typeof entry === 'string') return parseJob({ name: entry }, entrySource, jp, lineOf);
      const e = dict(entry, jp);
      const keys = Object.keys(e);
      if (keys.length !== 1)
        fail(jp, 'a project-pipeline job entry must be a job name or a one-key mapping');
      const jobName = keys[0];
      const attrs = dict(e[jobName], [...jp, jobName]);
      return parseJob({ ...attrs, name: jobName }, entrySource, [...jp, jobName], lineOf);
    });
    out[pipeline] = { jobs, other };
  }
  return out;
}
