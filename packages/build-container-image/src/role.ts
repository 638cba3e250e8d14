import { ContainerEngine, withNode } from '@zuul-ts/engine';
import type { NodeConnection } from '@zuul-ts/engine';
import type { RoleContext, RoleOutcome } from '@zuul-ts/role-kit';
import type { ContainerImage } from '@zuul-ts/container-vars';
import { defineRole, inputSchema, InputError, RoleFailure } from '@zuul-ts/role-kit';
import { containerCommand, resolveBuildsetRegistry } from '@zuul-ts/container-vars';
import { createLimit } from '@zuul-ts/registry';
import type { BuildDeps, ImageResult } from './build-one';
import { platformsWithoutEmulation } from './emulation';
import { mapExtraEnv } from './extra-env';
import { NodePaths } from './path-view';
import type { PathView } from './path-view';
import { sourceRoot, workDir } from './paths';
import type { ImagePlan } from './plan';
import { planImage } from './plan';
import type { PushTarget } from './push-target';
import { buildsetTarget, dryRunTemporaryTarget, temporaryTarget } from './push-target';
import { buildContainerImageSchema } from './schema';
import { runImage } from './run-image';
import { siblingOverlays } from './siblings';

const DEFAULT_PARALLELISM = 2;

/** The variables the build schema guarantees the shape of (the others are read from `vars`). */
type BuildInputs = { container_images: ContainerImage[] };

/** Every image is validated and planned before the first build starts (bad input builds nothing). */
function planAll(ctx: RoleContext, images: ContainerImage[], paths?: PathView, home?: string) {
  const engine = containerCommand(ctx.vars);
  const extra = mapExtraEnv(
    ctx.vars.container_build_extra_env as Record<string, unknown> | undefined,
    engine,
  );
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined) env[k] = v;
  for (const [k, v] of Object.entries((ctx.vars.container_build_extra_env as object) ?? {}))
    env[k] = String(v);
  const input = {
    vars: ctx.vars,
    engine,
    workDir: workDir(ctx.vars, home),
    sourceRoot: sourceRoot(ctx.vars, home),
    env,
    extraBuildArgs: extra.buildArgs,
    paths,
  };
  return { engine, extra, input, plans: images.map((img, i) => planImage(img, i, input)) };
}

function failureOf(plan: ImagePlan, err: unknown): Error {
  if (err instanceof InputError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new RoleFailure(`${plan.varPath} (${plan.repository}): ${message}`, { cause: err });
}

/**
 * Plans every image against the node's files (looked up over SSH), siblings included, so a
 * missing context or sibling on the node fails before anything is built.
 */
async function planOnNode(ctx: RoleContext, images: ContainerImage[], node: NodeConnection) {
  const paths = await NodePaths.open(node);
  const planned = await paths.settle(() => {
    const p = planAll(ctx, images, paths, paths.home);
    for (const plan of p.plans) siblingOverlays(plan, p.input.sourceRoot, paths);
    return p;
  });
  return { ...planned, paths };
}

/**
 * On a node reached over SSH (a Zuul node), the node's engine builds from the node's files:
 * one connection per role run carries the engine socket, the path lookups and the context.
 */
export async function runBuildContainerImage(ctx: RoleContext<BuildInputs>): Promise<RoleOutcome> {
  const images = ctx.inputs.container_images;
  return withNode(ctx.host.name, ctx.host.vars, (node) => buildAll(ctx, images, node));
}

async function buildAll(
  ctx: RoleContext,
  images: ContainerImage[],
  node: NodeConnection | undefined,
): Promise<RoleOutcome> {
  const {
    engine: command,
    extra,
    input,
    plans,
    paths,
  } = node ? await planOnNode(ctx, images, node) : { ...planAll(ctx, images), paths: undefined };
  for (const key of extra.unsupported) {
    ctx.log.warn(
      `container_build_extra_env.${key} has no Engine API equivalent on ${command}; ignored`,
    );
  }
  const buildset = resolveBuildsetRegistry(ctx.vars);
  const engine = ctx.dryRun
    ? undefined
    : await ContainerEngine.connect({
        kind: command,
        endpoint: ctx.host.vars.container_engine_host as string | undefined,
        node,
      });
  if (engine)
    ctx.log.info(
      `container engine: ${engine.info.kind} ${engine.info.version} (API ${engine.info.apiVersion}) at ${engine.info.endpoint}`,
    );

  const foreign = platformsWithoutEmulation([...new Set(plans.flatMap((p) => p.platforms ?? []))]);
  if (foreign.length > 0 && engine) {
    ctx.log.warn(
      `no qemu binfmt handler for ${foreign.join(', ')}: RUN steps for these platforms fail with ` +
        '"exec format error" (zuul-jobs registered qemu-user-static; register it on the node)',
    );
  }

  let target: PushTarget | undefined;
  const abort = new AbortController();
  const onOuterAbort = () => abort.abort(ctx.signal.reason);
  ctx.signal.addEventListener('abort', onOuterAbort);
  try {
    if (buildset) target = await buildsetTarget(buildset, ctx);
    else if (plans.some((p) => p.platforms))
      target = ctx.dryRun ? dryRunTemporaryTarget() : await temporaryTarget(ctx);
    const deps: BuildDeps = {
      ctx,
      engine,
      target,
      engineParams: extra.engineParams,
      networkMode: command === 'docker' ? 'host' : undefined,
      signal: abort.signal,
      paths,
    };
    const parallelism =
      (ctx.vars.container_build_parallelism as number | undefined) ?? DEFAULT_PARALLELISM;
    const limit = createLimit(parallelism);
    let firstError: Error | undefined;
    const results = await Promise.allSettled(
      plans.map((plan) =>
        limit(async () => {
          if (abort.signal.aborted)
            throw new RoleFailure(`${plan.varPath}: not built, an earlier image failed`);
          try {
            return await runImage(deps, plan, input.sourceRoot);
          } catch (err) {
            const failure = failureOf(plan, err);
            // First failure stops the rest: queued builds are skipped, running ones aborted.
            if (!firstError) {
              firstError = failure;
              abort.abort(failure);
            }
            throw failure;
          }
        }),
      ),
    );
    if (firstError) throw firstError;
    const built = results.map((r) => (r as PromiseFulfilledResult<ImageResult>).value);
    return {
      summary: `built ${built.length} image(s) with ${command}`,
      result: { engine: engine?.info, images: built },
    };
  } finally {
    ctx.signal.removeEventListener('abort', onOuterAbort);
    await target?.close();
  }
}

export const buildContainerImageRole = defineRole({
  name: 'build-container-image',
  inputSchema: inputSchema<BuildInputs>(buildContainerImageSchema),
  run: runBuildContainerImage,
});
