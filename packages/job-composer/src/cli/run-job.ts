import { readFileSync } from 'node:fs';
import { load } from 'js-yaml';
import { Redactor } from '../events';
import { runJob } from '../playbook/run-job';
import type { Vars } from '../role-kit';
import { parseArgs } from './args';
import { COMMON_OPTIONS } from './common';
import { UsageError } from './errors';
import { EXIT_FAILURE, EXIT_SUCCESS, exitCodeFor } from './exit-codes';
import { parseExtraVars } from './extra-vars';
import { printError, printPlan, sinkFor, type CliIO } from './output';

const OPTIONS = [
  ...COMMON_OPTIONS,
  { name: 'config', kind: 'list' as const },
  { name: 'project-dir', kind: 'value' as const },
  { name: 'project', kind: 'value' as const },
  { name: 'pipeline', kind: 'value' as const },
  { name: 'change', kind: 'value' as const },
  { name: 'patchset', kind: 'value' as const },
  { name: 'tag', kind: 'value' as const },
  { name: 'branch', kind: 'value' as const },
  { name: 'build', kind: 'value' as const },
  { name: 'secrets', kind: 'value' as const },
  { name: 'zuul-api', kind: 'value' as const },
  { name: 'job-dir', kind: 'value' as const },
];

/** `--secrets FILE`: secret name → plaintext data (already decrypted by the executor). */
export function readSecretsFile(file: string): Record<string, Vars> {
  let doc: unknown;
  try {
    doc = load(readFileSync(file, 'utf8'), { filename: file });
  } catch (err) {
    throw new UsageError(`--secrets ${file}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw new UsageError(`--secrets ${file}: must map secret names to their data`);
  return doc as Record<string, Vars>;
}

export async function runJobCommand(argv: string[], io: CliIO): Promise<number> {
  const a = parseArgs(argv, OPTIONS);
  const json = a.flags.json === true;
  if (a.positionals.length !== 1) throw new UsageError('run-job needs exactly one JOB');
  if (!a.values['project-dir']) throw new UsageError('--project-dir is required');
  if (!a.values.pipeline) throw new UsageError('--pipeline is required');
  if (a.values.change !== undefined && a.values.patchset === undefined)
    throw new UsageError('--change needs --patchset');
  if (a.values.tag !== undefined && a.values.change !== undefined)
    throw new UsageError('--tag and --change exclude each other');
  const redactor = new Redactor();
  const secretValues = a.values.secrets ? readSecretsFile(a.values.secrets) : {};
  for (const v of Object.values(secretValues)) redactor.addSecretTree(v);
  const extraVars = parseExtraVars(a.lists['extra-vars'], io.stdin);
  try {
    const result = await runJob({
      job: a.positionals[0],
      configPaths: a.lists.config,
      projectDir: a.values['project-dir'],
      project: a.values.project,
      pipeline: a.values.pipeline,
      change: a.values.change,
      patchset: a.values.patchset,
      tag: a.values.tag,
      branch: a.values.branch,
      build: a.values.build,
      secretValues,
      zuulApi: a.values['zuul-api'],
      jobDir: a.values['job-dir'],
      extraVars,
      resultFile: a.values['result-file'],
      dryRun: a.flags['dry-run'] === true,
      sink: sinkFor(json, redactor, io),
      redactor,
      signal: io.signal,
    });
    if (a.flags['dry-run'] && !json) printPlan(result.plan, redactor, io);
    const summary = {
      kind: 'job',
      phase: 'result',
      name: result.job,
      result: result.result,
      build: result.zuul.build,
      jobDir: result.jobDir,
      data: result.resultData.data,
      // Zuul's retries (1.6 attempts): one entry per try, RETRY for all but the last.
      attempts: result.attempts.map(({ attempt, result: r, build }) => ({
        attempt,
        result: r,
        build,
      })),
    };
    if (json) io.stdout(`${JSON.stringify(redactor.redactValue(summary))}\n`);
    else
      io.stderr(
        `${result.job}: ${result.result}` +
          (result.attempts.length > 1
            ? ` (attempt ${result.attempts.length} of ${result.maxAttempts})`
            : '') +
          '\n',
      );
    if (!result.ok) {
      if (result.error) printError(result.error, redactor, io, json);
      return result.error ? Math.max(exitCodeFor(result.error), EXIT_FAILURE) : EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
  } catch (err) {
    printError(err, redactor, io, json);
    return exitCodeFor(err);
  }
}
