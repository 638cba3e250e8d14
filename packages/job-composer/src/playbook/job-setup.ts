import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { builtinJobsSource, loadConfig, type ConfigSource } from '../config';
import { Redactor } from '../events';
import { freezeJob, loadIncludeVars, resolveSecretValues, type FrozenPlaybook } from '../freeze';
import { makeInventory, playbookSecrets, withoutSecretKeys } from '../inventory';
import type { Vars } from '@zuul-ts/role-kit';
import { buildZuulDict, freezeContextFor, tagNewrev } from '../zuul';
import { freezeInventory, frozenView } from '../vars/frozen-vars';
import { inventoryView } from '../vars/hosts';
import { prevalidatePlaybooks } from './execute';
import type { Playbook } from './model';
import { loadPlaybook } from './parse';
import { registerKnownSecrets } from './redaction';
import { preflight } from './runner';
import type { RunJobOptions } from './run-job';

/**
 * The config an item's jobs load: the trusted site config (`--site-config`: base jobs,
 * pipelines, site secrets; project `site/config`), then the built-in jobs, then the project's
 * config (`--config`, default its checkout's zuul.yaml / zuul.d). As in a tenant where the
 * config project comes first and zuul-jobs may shadow it, a job the site defines (its own
 * `base`) replaces the built-in one. `configSources` replaces the whole list.
 */
export function itemConfigSources(
  opts: Pick<RunJobOptions, 'configSources' | 'siteConfig' | 'configPaths' | 'projectDir'>,
  project: string,
): ConfigSource[] {
  if (opts.configSources) return opts.configSources;
  const site = (opts.siteConfig ?? []).map((path) => ({
    path,
    project: SITE_CONFIG_PROJECT,
    trusted: true,
  }));
  return [
    ...site,
    { ...builtinJobsSource(), shadow: site.length > 0 ? [SITE_CONFIG_PROJECT] : [] },
    ...(opts.configPaths?.length
      ? opts.configPaths.map((path) => ({ path, project }))
      : [{ path: resolve(opts.projectDir), project, kind: 'checkout' as const }]),
  ];
}

/** The project name `--site-config` sources belong to. */
export const SITE_CONFIG_PROJECT = 'site/config';

/** Loads config, freezes the job and builds its zuul dict: everything before any playbook. */
export function prepareJob(opts: RunJobOptions, attempt = 1) {
  const projectDir = resolve(opts.projectDir);
  const project = opts.project ?? `local/${basename(projectDir)}`;
  const sources = itemConfigSources(opts, project);
  const config = loadConfig(sources);
  const context = freezeContextFor({ ...opts, project, projectDir });
  const branch = context.branch;
  const frozen = freezeJob(config, opts.job, context);
  if (opts.zuulApi) frozen.vars = { ...frozen.vars, promote_container_image_api: opts.zuulApi };
  // The checkout may live anywhere (not under ~/src as on a Zuul node): the build role keeps
  // contexts inside its source root, so that root defaults to the project dir (job vars win).
  frozen.vars = { container_build_source_root: projectDir, ...frozen.vars };
  const jobDir = resolve(opts.jobDir ?? mkdtempSync(join(tmpdir(), 'zuul-ts-build-')));
  const zuul = buildZuulDict(frozen, {
    project: { name: project, srcDir: projectDir },
    pipeline: opts.pipeline,
    change: opts.change,
    patchset: opts.patchset,
    branch,
    tag: opts.tag,
    newrev: opts.tag !== undefined ? tagNewrev(projectDir, opts.tag) : undefined,
    build: opts.build,
    buildset: opts.buildset,
    jobDir,
    artifacts: opts.artifacts,
    childJobs: opts.childJobs,
    attempts: attempt,
  }) as Vars;
  const executor = zuul.executor as Vars;
  if (opts.resultFile) executor.result_data_file = resolve(opts.resultFile);
  const secretValues = resolveSecretValues(frozen, opts.secretValues ?? {});
  // Layer 3 (2.1): include-vars files from the checkout(s), deep-merged in order.
  const includeVarsData = loadIncludeVars(frozen, { itemProjectDir: projectDir });
  return { frozen, zuul, jobDir, secretValues, config, includeVarsData };
}

export type Phase = 'pre' | 'run' | 'post';

export function phaseOf(pb: FrozenPlaybook): Phase {
  return pb.phase === 'pre-run' ? 'pre' : pb.phase === 'run' ? 'run' : 'post';
}

/** Each playbook's index within its phase (`zuul_execution_phase_index`, dir names). */
function phaseIndexes(playbooks: FrozenPlaybook[]): number[] {
  const counters: Partial<Record<Phase, number>> = {};
  return playbooks.map((pb) => {
    const phase = phaseOf(pb);
    return (counters[phase] = (counters[phase] ?? -1) + 1);
  });
}

/** The post-run variables that depend on how the job went so far. */
export interface PostStatus {
  success: boolean;
  willRetry: boolean;
}

/**
 * Everything of a job attempt before any playbook runs: config, freezing, the zuul dict, secrets
 * registered with the redactor, every playbook loaded and checked against the supported subset,
 * and the inventories and `-e` variables each playbook will get (nothing is written).
 */
export function setupJob(opts: RunJobOptions, redactor: Redactor, attempt = 1) {
  for (const s of opts.secrets ?? []) redactor.add(s);
  for (const v of Object.values(opts.secretValues ?? {})) redactor.addSecretTree(v);
  const { frozen, zuul, jobDir, secretValues, includeVarsData } = prepareJob(opts, attempt);
  for (const v of Object.values(secretValues)) redactor.addSecretTree(v);
  registerKnownSecrets(
    redactor,
    frozen.vars,
    frozen.extraVars,
    opts.parentSecretData,
    opts.extraVars,
  );
  redactor.addSecretTree(opts.parentSecretData);
  // Every playbook is loaded and checked before anything runs.
  const loaded: { pb: FrozenPlaybook; playbook: Playbook }[] = frozen.playbooks.map((pb) => ({
    pb,
    playbook: loadPlaybook(pb.path),
  }));
  loaded.forEach((l) => preflight(l.playbook));
  const inventoryOptions = { parentData: opts.parentData, includeVarsData, includeZuul: false };
  const rawInventory = makeInventory(frozen, zuul as never, opts.nodes, inventoryOptions);
  // Frozen once, before the first playbook that needs it, from the raw inventory (2.5).
  let frozenOnce: ReturnType<typeof freezeInventory> | undefined;
  const frozenInventory = () =>
    (frozenOnce ??= freezeInventory(rawInventory, opts.extraVars ?? {}, zuul));
  /** What the executor gives one playbook (4.4): its inventory and `-e` variables. */
  const playbookInputs = (pb: FrozenPlaybook, index: number, post: PostStatus) => {
    const phase = phaseOf(pb);
    const secrets = playbookSecrets(
      frozen,
      pb,
      secretValues,
      opts.parentSecretData ?? {},
      inventoryOptions,
    );
    // 2.5: trusted and secret-bearing playbooks get the frozen values, others the raw ones.
    const usesFrozen = pb.trusted || Object.keys(pb.secrets).length > 0;
    const inventory = withoutSecretKeys(usesFrozen ? frozenInventory() : rawInventory, secrets);
    const view = usesFrozen
      ? frozenView(inventoryView(inventory, secrets))
      : inventoryView(inventory, secrets);
    const extraVars: Vars = {
      ...(opts.extraVars ?? {}),
      zuul_execution_phase: phase,
      zuul_execution_phase_index: String(index),
      zuul_execution_trusted: pb.trusted ? 'True' : 'False',
      zuul_execution_canonical_name_and_path: `${pb.source.project}/${pb.name}`,
      zuul_execution_branch: frozen.branch ?? 'main',
      ...(phase === 'post'
        ? {
            zuul_success: post.success ? 'True' : 'False',
            zuul_will_retry: post.willRetry ? 'True' : 'False',
          }
        : {}),
    };
    delete extraVars.zuul;
    return { inventory, view, extraVars };
  };
  const indexes = phaseIndexes(loaded.map((l) => l.pb));
  return {
    frozen,
    zuul,
    jobDir,
    secretValues,
    loaded,
    indexes,
    inventoryOptions,
    playbookInputs,
  };
}

export type JobSetup = ReturnType<typeof setupJob>;

/**
 * Every role of every playbook of the job is checked against its schema (and its
 * `checkInputs`) before the first playbook runs, with the success-path post variables: bad
 * upload input fails before the build. Throws the failure naming the variable path.
 */
export async function checkJobInputs(
  setup: JobSetup,
  opts: RunJobOptions & { redactor: Redactor },
): Promise<void> {
  for (const [i, { pb, playbook }] of setup.loaded.entries()) {
    const { view, extraVars } = setup.playbookInputs(pb, setup.indexes[i], {
      success: true,
      willRetry: false,
    });
    await prevalidatePlaybooks({
      playbooks: [playbook],
      inventory: view,
      extraVars,
      zuul: setup.zuul,
      dryRun: opts.dryRun,
      redactor: opts.redactor,
      rolesDir: opts.rolesDir,
    });
  }
}

/**
 * Checks a job's role inputs without running anything or writing a file (run-pipeline can check
 * every job of a buildset before the first starts): config, freezing, playbook subset and every
 * role's input. Rejects with the first problem (redacted); exit code 2 for all of them.
 */
export async function checkJob(opts: RunJobOptions): Promise<void> {
  const redactor = opts.redactor ?? new Redactor();
  // A job dir path only for the zuul dict's paths: nothing is created there.
  const setup = setupJob(
    { ...opts, jobDir: opts.jobDir ?? join(tmpdir(), 'zuul-ts-check') },
    redactor,
  );
  try {
    await checkJobInputs(setup, { ...opts, redactor });
  } catch (err) {
    throw redactor.redactError(err as Error);
  }
}
