import { runJob } from '../playbook/run-job';
import { parseArgs, type OptionSpec } from './args';
import { COMMON_OPTIONS } from './common';
import { UsageError } from './errors';
import { EXIT_FAILURE, EXIT_SUCCESS, exitCodeFor } from './exit-codes';
import { ITEM_OPTIONS, checkItemArgs, itemInputs, itemMatchInputs } from './item-inputs';
import { printError, printPlan, sinkFor, type CliIO } from './output';

export const OPTIONS: OptionSpec[] = [
  ...COMMON_OPTIONS,
  ...ITEM_OPTIONS,
  { name: 'pipeline', kind: 'value', arg: 'P', help: 'the pipeline (required)' },
  { name: 'build', kind: 'value', arg: 'UUID', help: 'the build UUID (default: a new one)' },
  {
    name: 'zuul-api',
    kind: 'value',
    arg: 'URL',
    help: "Zuul's tenant API URL: sets promote_container_image_api (intermediate promote method)",
  },
  {
    name: 'job-dir',
    kind: 'value',
    arg: 'DIR',
    help: 'the job directory (inventory, zuul vars, results; default: a new temporary one)',
  },
];

/** Kept here for existing importers; lives in item-inputs.ts. */
export { readSecretsFile } from './item-inputs';

export async function runJobCommand(argv: string[], io: CliIO): Promise<number> {
  const a = parseArgs(argv, OPTIONS);
  const json = a.flags.json === true;
  if (a.positionals.length !== 1) throw new UsageError('run-job needs exactly one JOB');
  const projectDir = checkItemArgs(a);
  if (!a.values.pipeline) throw new UsageError('--pipeline is required');
  const { redactor, secretValues, extraVars } = itemInputs(a, io);
  try {
    const result = await runJob({
      job: a.positionals[0],
      configPaths: a.lists.config,
      siteConfig: a.lists['site-config'],
      projectDir,
      project: a.values.project,
      pipeline: a.values.pipeline,
      change: a.values.change,
      patchset: a.values.patchset,
      tag: a.values.tag,
      branch: a.values.branch,
      ...itemMatchInputs(a),
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
