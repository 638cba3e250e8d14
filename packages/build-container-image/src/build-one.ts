import type { ContainerEngine, PushResult } from '@zuul-ts/engine';
import type { RoleContext } from '@zuul-ts/role-kit';
import { RoleFailure } from '@zuul-ts/role-kit';
import { withRetry } from '@zuul-ts/registry';
import type { PathView } from './path-view';
import type { ImagePlan } from './plan';
import type { PushTarget } from './push-target';
import { targetRepository } from './push-target';

/** What one image's build produced (the role's structured result). */
export interface ImageResult {
  repository: string;
  imageId: string;
  /** Every local `repo:tag` (final and `<prefix>_` tags). */
  localTags: string[];
  /** References pushed to the buildset/temporary registry, with digests. */
  pushed: { reference: string; digest?: string }[];
  /** Multi-arch: the per-platform image IDs and manifest digests. */
  platforms?: { platform: string; imageId: string; digest: string }[];
}

export interface BuildDeps {
  ctx: RoleContext;
  engine: ContainerEngine | undefined;
  /** The buildset registry (pushes final tags) or a temporary one (multi-arch only). */
  target?: PushTarget;
  /**
   * `host` on docker, as zuul-jobs' docker path builds with `--network=host` (7739ecc0, so RUN
   * steps reach a buildset registry on the node); podman builds use the engine default.
   */
  networkMode?: string;
  /** Extra podman build parameters from container_build_extra_env. */
  engineParams: Record<string, string | boolean>;
  signal: AbortSignal;
  /** The node's file system when the role acts on a node over SSH (default: local). */
  paths?: PathView;
}

const AUTH_REFUSED = /unauthori[sz]ed|denied|authentication required/i;

/** Stop between steps once another image failed (a podman build cannot be cancelled mid-way). */
export function checkpoint(deps: BuildDeps, plan: ImagePlan): void {
  if (deps.signal.aborted)
    throw new RoleFailure(`${plan.varPath}: stopped, an earlier image failed`);
}

/** A folder streamed into the build context at a prefix (siblings). */
export type Overlay = { dir: string; prefix: string };

export function localTags(plan: ImagePlan): string[] {
  return [...plan.tags, ...plan.prefixedTags].map((t) => `${plan.repository}:${t}`);
}

/** Per-image progress lines, prefixed so parallel builds stay readable. */
export function progress(ctx: RoleContext, plan: ImagePlan) {
  return (line: string) => ctx.log.info(`[${plan.repository}] ${line}`);
}

/** Push one local reference to the target, reading the digest from the stream or a registry HEAD. */
export async function pushTo(
  deps: BuildDeps,
  plan: ImagePlan,
  reference: string,
): Promise<PushResult> {
  const { ctx, engine, target } = deps;
  const t = target as PushTarget;
  checkpoint(deps, plan);
  return ctx.operation(
    { kind: 'engine.push', target: reference, detail: { registry: t.kind } },
    () =>
      // zuul-jobs retries the buildset push 3 times; credential refusals are not retried.
      withRetry(
        () =>
          (engine as ContainerEngine).push({
            reference,
            auth: t.auth,
            insecure: t.insecure,
            onProgress: progress(ctx, plan),
            signal: deps.signal,
            digestFallback: async () => (await t.client.headManifest(reference))?.digest,
          }),
        {
          attempts: 4,
          signal: deps.signal,
          retryable: (err) => !AUTH_REFUSED.test(err instanceof Error ? err.message : String(err)),
          onRetry: (err, attempt) =>
            ctx.log.warn(
              `[${plan.repository}] push ${reference} attempt ${attempt} failed: ${(err as Error).message}`,
            ),
        },
      ),
    { digestSource: 'unknown' } as PushResult,
  );
}

/**
 * Single-platform build (zuul-jobs build.yaml, both engines): one `POST /build` with every final
 * and `<prefix>_` tag, then — with a buildset registry — tag and push each final tag to
 * `<location>/<repository>` (prefixed tags are not pushed there, as in zuul-jobs).
 */
export async function buildSingle(
  deps: BuildDeps,
  plan: ImagePlan,
  overlays: Overlay[] = [],
): Promise<ImageResult> {
  const { ctx, engine } = deps;
  const tags = localTags(plan);
  const { imageId } = await ctx.operation(
    {
      kind: 'engine.build',
      target: tags[0],
      detail: {
        tags,
        context: plan.buildRoot,
        dockerfile: plan.dockerfile,
        target: plan.target,
        networkMode: deps.networkMode,
        buildArgs: Object.keys(plan.buildArgs),
        labels: plan.labels,
      },
    },
    () =>
      (engine as ContainerEngine).build({
        contextDir: plan.buildRoot,
        dockerfile: plan.dockerfile,
        tags,
        buildArgs: plan.buildArgs,
        labels: plan.labels,
        target: plan.target,
        networkMode: deps.networkMode,
        overlays,
        engineParams: deps.engineParams,
        // A FROM naming a speculative image in the buildset registry (built by an earlier
        // job, possibly on another node) is pulled with the buildset credentials, in memory.
        registryAuth: deps.target?.kind === 'buildset' ? [deps.target.auth] : undefined,
        onProgress: progress(ctx, plan),
        signal: deps.signal,
      }),
    { imageId: 'sha256:dry-run' },
  );
  const result: ImageResult = { repository: plan.repository, imageId, localTags: tags, pushed: [] };
  if (deps.target?.kind === 'buildset') {
    const repo = targetRepository(deps.target, plan.repository);
    for (const tag of plan.tags) {
      const reference = `${repo}:${tag}`;
      await ctx.operation(
        { kind: 'engine.tag', target: reference, detail: { source: `${plan.repository}:${tag}` } },
        () => (engine as ContainerEngine).tag(`${plan.repository}:${tag}`, reference),
      );
      const pushed = await pushTo(deps, plan, reference);
      result.pushed.push({ reference, digest: pushed.digest });
    }
  }
  return result;
}
