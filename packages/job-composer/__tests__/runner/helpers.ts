import { join } from 'node:path';
import { SITE_PIPELINES } from '@zuul-ts/testing';
import type { RoleContext, RoleDefinition, Vars } from '@zuul-ts/role-kit';
import { registerRole, type RunJobOptions } from '../../src';

/** What the test-only `recorder` role saw, one entry per run (host + the variables it read). */
export interface Seen {
  role: string;
  host: string;
  playHosts: readonly string[];
  vars: Vars;
}

/**
 * A test-only role that records the variables it saw. `recorder_keys` (default: every
 * `rec_`-prefixed variable plus `container_images`) selects what is recorded; `recorder_fail`
 * fails the role; `recorder_log` logs a line; `recorder_return` is zuul_returned;
 * `recorder_secret` is registered as a secret; `recorder_wait: <name>` blocks until the role's
 * signal aborts; one `test.op` operation is recorded per run.
 */
export function recorderRole(
  name: string,
  seen: Seen[],
  schema: object = { type: 'object' },
): RoleDefinition {
  return {
    name,
    schema,
    async run(ctx: RoleContext) {
      const v = ctx.vars;
      const keys = Array.isArray(v.recorder_keys)
        ? (v.recorder_keys as string[])
        : v.recorder_keys === 'all'
          ? Object.keys(v)
          : Object.keys(v).filter((k) => k.startsWith('rec_') || k === 'container_images');
      const vars: Vars = {};
      for (const k of keys) {
        try {
          if (k in v) vars[k] = v[k];
        } catch {
          vars[k] = '<does not render>';
        }
      }
      seen.push({ role: name, host: ctx.host.name, playHosts: ctx.playHosts, vars });
      if (typeof v.recorder_secret === 'string') ctx.addSecret(v.recorder_secret);
      if (typeof v.recorder_log === 'string') ctx.log.info(v.recorder_log);
      await ctx.operation(
        { kind: 'test.op', target: `${name}@${ctx.host.name}` },
        async () => undefined,
      );
      if (v.recorder_return) ctx.zuulReturn(v.recorder_return as Vars);
      // `recorder_wait: <role name>`: that role blocks until its signal aborts (timeouts).
      if (v.recorder_wait === name) {
        await new Promise((resolve) =>
          ctx.signal.addEventListener('abort', resolve, { once: true }),
        );
      }
      if (typeof v.recorder_fail === 'string') throw new Error(v.recorder_fail);
      return { summary: `recorded ${keys.length} variables` };
    },
  };
}

export function useRecorder(name = 'recorder', schema?: object): Seen[] {
  const seen: Seen[] = [];
  registerRole(recorderRole(name, seen, schema));
  return seen;
}

/** Writes files (path → content) under a fresh temp dir and returns it (shared with config tests). */
export { tree } from '../config/helpers';

/** A project checked out at `<dir>/<app>` (default `app`, project `org/<app>`) and its item. */
export interface AppItem {
  dir: string;
  pipeline: string;
  change?: string;
  patchset?: string;
  app?: string;
}

/** runJob options for JOB on that item (plus any other options). */
export function appJob(
  job: string,
  item: AppItem,
  extra: Partial<RunJobOptions> = {},
): RunJobOptions {
  const app = item.app ?? 'app';
  return {
    job,
    projectDir: join(item.dir, app),
    project: `org/${app}`,
    pipeline: item.pipeline,
    // The site's pipelines: gate and promote are post-review (jobs with secrets may run there).
    siteConfig: [SITE_PIPELINES],
    ...(item.change === undefined ? {} : { change: item.change, patchset: item.patchset ?? '1' }),
    ...extra,
  };
}

/** The same as `zuul-ts run-job` arguments. */
export function appJobArgv(job: string, item: AppItem): string[] {
  const o = appJob(job, item);
  return [
    'run-job',
    job,
    '--project-dir',
    o.projectDir,
    '--project',
    o.project!,
    '--pipeline',
    o.pipeline,
    '--site-config',
    SITE_PIPELINES,
    ...(o.change === undefined ? [] : ['--change', o.change, '--patchset', o.patchset!]),
  ];
}
