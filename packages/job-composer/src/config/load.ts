import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { checkReferences } from './check-references';
import { ConfigError, ConfigProblem, StanzaError } from './errors';
import { configRootOf, projectConfigPaths, yamlFilesUnder } from './files';
import { parseJob } from './parse-job';
import { parseNodeset, parsePipeline, parseSecret } from './parse-misc';
import { parseProject, parseProjectTemplate } from './parse-project';
import type { SourceContext, ZuulConfig } from './types';
import { RawStanza, readConfigFile } from './yaml-reader';
import { isPlainObject } from './yaml-values';

/** A config file or folder, with the project it belongs to. */
export interface ConfigSource {
  path: string;
  /** Project name for stanzas of this source (project stanzas without `name`, secrets…). */
  project?: string;
  /** Directory playbook paths resolve against (default: see `configRootOf`). */
  root?: string;
  /**
   * Config-project: may define base jobs; its playbooks are trusted. A function decides per
   * file (zuul-ts's own jobs/: only the base job's file is config-project-like).
   */
  trusted?: boolean | ((file: string) => boolean);
  /**
   * `checkout`: `path` is a project checkout; its config is the first of zuul.yaml, zuul.d/,
   * .zuul.yaml, .zuul.d/ (see `projectConfigPaths`) and playbooks resolve against it.
   * Default: a file, or a folder read like `zuul.d/`.
   */
  kind?: 'files' | 'checkout';
  /**
   * Projects whose jobs this source's jobs may shadow (the tenant's `shadow` setting): a job
   * already defined by one of them keeps that definition and this source's one is ignored. A
   * job defined by any other project is an error.
   */
  shadow?: string[];
}

export interface LoadOptions {
  /** Default project for plain string paths. */
  project?: string;
  /** Default trust for plain string paths. */
  trusted?: boolean;
  /** Receives warnings (unknown stanzas…); they are also kept in `config.warnings`. */
  warn?: (message: string) => void;
}

/** Stanza types Zuul knows but that do not matter for running a job here: warned and ignored. */
const IGNORED_STANZAS = new Set([
  'semaphore',
  'queue',
  'pragma',
  'image',
  'flavor',
  'label',
  'section',
  'provider',
]);

export function emptyConfig(): ZuulConfig {
  return {
    jobs: new Map(),
    projects: new Map(),
    projectTemplates: new Map(),
    secrets: new Map(),
    nodesets: new Map(),
    pipelines: new Map(),
    trustedProjects: new Set(),
    warnings: [],
    files: [],
  };
}

/**
 * Loads Zuul configuration from files and folders, in the order given. A folder is read like
 * `zuul.d/`: every `*.yaml`/`*.yml` recursively, sorted. Malformed stanzas -> ConfigError with
 * every problem as `file:line: message`.
 */
export function loadConfig(
  paths: (string | ConfigSource)[],
  options: LoadOptions = {},
): ZuulConfig {
  const config = emptyConfig();
  const problems: ConfigProblem[] = [];
  const warn = (m: string) => {
    config.warnings.push(m);
    options.warn?.(m);
  };
  for (const entry of paths) {
    const src: ConfigSource = typeof entry === 'string' ? { path: entry } : entry;
    const abs = resolve(src.path);
    if (!existsSync(abs)) {
      problems.push({ file: abs, line: 0, message: 'no such file or directory' });
      continue;
    }
    const isDir = statSync(abs).isDirectory();
    const checkout = src.kind === 'checkout';
    const files = checkout ? projectConfigPaths(abs, warn) : isDir ? yamlFilesUnder(abs) : [abs];
    for (const file of files) {
      const context: Omit<SourceContext, 'line'> = {
        file,
        project: src.project ?? options.project ?? 'local/project',
        root: src.root ? resolve(src.root) : checkout ? abs : configRootOf(file),
        trusted:
          typeof src.trusted === 'function'
            ? src.trusted(file)
            : (src.trusted ?? options.trusted ?? false),
      };
      config.files.push(file);
      if (context.trusted) config.trustedProjects.add(context.project);
      const raw = readConfigFile(file, problems);
      for (const stanza of raw.stanzas)
        addStanza(config, stanza, context, problems, warn, src.shadow ?? []);
    }
  }
  // References are checked once everything is loaded (only when every stanza parsed).
  if (problems.length === 0) problems.push(...checkReferences(config));
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

function addStanza(
  config: ZuulConfig,
  stanza: RawStanza,
  context: Omit<SourceContext, 'line'>,
  problems: ConfigProblem[],
  warn: (m: string) => void,
  shadow: string[],
): void {
  const source: SourceContext = { ...context, line: stanza.line };
  const problem = (message: string, path: (string | number)[] = []) =>
    problems.push({ file: context.file, line: stanza.lineOf(path), message });
  if (!isPlainObject(stanza.value) || Object.keys(stanza.value).length !== 1) {
    problem(
      'each configuration item must be a mapping with exactly one key (job, project, secret, …)',
    );
    return;
  }
  const [type, body] = Object.entries(stanza.value)[0];
  if (!isPlainObject(body)) {
    problem(`${type}: expected a mapping`, [type]);
    return;
  }
  try {
    switch (type) {
      case 'job': {
        const job = parseJob(body, source, [type], stanza.lineOf);
        const variants = config.jobs.get(job.name) ?? [];
        // Layout.addJob: every variant of a job comes from one project.
        const prior = variants[0]?.source;
        if (prior && prior.project !== job.source.project) {
          if (shadow.includes(prior.project)) break;
          problem(
            `Job ${job.name} in ${job.source.project} is not permitted to shadow job ${job.name} in ${prior.project} (${prior.file}:${prior.line})`,
          );
          break;
        }
        variants.push(job);
        config.jobs.set(job.name, variants);
        break;
      }
      case 'project': {
        const p = parseProject(body, source, [type], stanza.lineOf);
        config.projects.set(p.name, [...(config.projects.get(p.name) ?? []), p]);
        break;
      }
      case 'project-template':
        uniqueSet(
          type,
          config.projectTemplates,
          parseProjectTemplate(body, source, [type], stanza.lineOf),
          'Project template',
          problem,
        );
        break;
      case 'secret':
        uniqueSet(type, config.secrets, parseSecret(body, source, [type]), 'Secret', problem);
        break;
      case 'nodeset':
        uniqueSet(
          type,
          config.nodesets,
          { ...parseNodeset(body, [type]), source },
          'Nodeset',
          problem,
        );
        break;
      case 'pipeline':
        uniqueSet(type, config.pipelines, parsePipeline(body, source, [type]), 'Pipeline', problem);
        break;
      default:
        warn(
          `${context.file}:${stanza.line}: ${IGNORED_STANZAS.has(type) ? 'ignoring' : 'unknown'} stanza "${type}"${IGNORED_STANZAS.has(type) ? ' (not used by zuul-ts)' : ', ignored'}`,
        );
    }
  } catch (e) {
    if (e instanceof StanzaError) problem(e.message, e.path);
    else throw e;
  }
}

function uniqueSet<T extends { name?: string; source: SourceContext }>(
  type: string,
  map: Map<string, T>,
  value: T,
  what: string,
  problem: (m: string, p?: (string | number)[]) => void,
): void {
  const name = value.name ?? '';
  const existing = map.get(name);
  if (existing) {
    problem(
      `${what} "${name}" is already defined (${existing.source.file}:${existing.source.line})`,
      [type, 'name'],
    );
    return;
  }
  map.set(name, value);
}
