import type { ContainerEngine } from '@zuul-ts/engine';
import { RoleFailure } from '@zuul-ts/role-kit';
import { localPlatformTag } from '@zuul-ts/container-vars';
import { ociArchitecture, parsePlatform } from '@zuul-ts/registry';
import type { BuildDeps, ImageResult, Overlay } from './build-one';
import { checkpoint, localTags, progress, pushTo } from './build-one';
import type { ImagePlan } from './plan';
import type { PushTarget } from './push-target';
import { targetRepository } from './push-target';

/** The platform the local store should hold under the final tags: the host's, else the first. */
export function hostPlatform(platforms: string[], nodeArch: string = process.arch): string {
  const arch = ociArchitecture(nodeArch);
  return platforms.find((p) => parsePlatform(p).architecture === arch) ?? platforms[0];
}

/**
 * Multi-arch without buildx (zuul-jobs needed buildx + qemu + a temp registry, and refused it on
 * podman; only images with `arch` take this path). Each platform is
 * built with the `platform` build parameter and pushed under the first final tag; then an OCI
 * index over the per-platform manifests is put under every final tag. The host platform's image
 * keeps the final and `<prefix>_` tags locally, as zuul-jobs' docker path leaves it; every
 * platform's image also keeps a `localPlatformTag` per final tag, so upload can push the whole index.
 */
export async function buildMultiArch(
  deps: BuildDeps,
  plan: ImagePlan,
  overlays: Overlay[] = [],
): Promise<ImageResult> {
  const { ctx } = deps;
  const engine = deps.engine as ContainerEngine;
  const target = deps.target as PushTarget;
  const repo = targetRepository(target, plan.repository);
  const staging = `${repo}:${plan.tags[0]}`;
  const platforms = plan.platforms as string[];
  const built: {
    platform: string;
    imageId: string;
    digest: string;
    mediaType: string;
    size: number;
  }[] = [];
  try {
    for (const platform of platforms) {
      checkpoint(deps, plan);
      const { imageId } = await ctx.operation(
        {
          kind: 'engine.build',
          target: staging,
          detail: {
            platform,
            context: plan.buildRoot,
            dockerfile: plan.dockerfile,
            target: plan.target,
            labels: plan.labels,
          },
        },
        () =>
          engine.build({
            contextDir: plan.buildRoot,
            dockerfile: plan.dockerfile,
            tags: [staging],
            buildArgs: plan.buildArgs,
            labels: plan.labels,
            target: plan.target,
            platform,
            networkMode: deps.networkMode,
            overlays,
            // As single-platform builds: a FROM in the buildset registry pulls with its credentials.
            registryAuth: target.kind === 'buildset' ? [target.auth] : undefined,
            engineParams: deps.engineParams,
            onProgress: progress(ctx, plan),
            signal: deps.signal,
          }),
        { imageId: `sha256:dry-run-${platform}` },
      );
      if (!ctx.dryRun) {
        const details = await engine.inspect(imageId);
        const want = parsePlatform(platform);
        if (details && (details.architecture !== want.architecture || details.os !== want.os)) {
          throw new RoleFailure(
            `${plan.varPath}.arch: the engine built ${details.os}/${details.architecture} when asked for ${platform}`,
          );
        }
      }
      const pushed = await pushTo(deps, plan, staging);
      const head = ctx.dryRun
        ? undefined
        : await target.client.headManifest(`${repo}@${pushed.digest}`);
      if (!ctx.dryRun && (!pushed.digest || !head)) {
        throw new RoleFailure(
          `${plan.varPath}: pushed ${staging} (${platform}) but the registry has no manifest for it`,
        );
      }
      built.push({
        platform,
        imageId,
        digest: pushed.digest ?? 'sha256:dry-run',
        mediaType: head?.mediaType ?? '',
        size: head?.size ?? 0,
      });
    }
    checkpoint(deps, plan);
    const result: ImageResult = {
      repository: plan.repository,
      imageId: '',
      localTags: localTags(plan),
      pushed: [],
      platforms: [],
    };
    for (const tag of plan.tags) {
      const reference = `${repo}:${tag}`;
      const digest = await ctx.operation(
        { kind: 'registry.put-index', target: reference, detail: { platforms } },
        () =>
          target.client.putIndex(
            reference,
            built.map((b) => ({
              digest: b.digest,
              mediaType: b.mediaType,
              size: b.size,
              platform: parsePlatform(b.platform),
            })),
          ),
        'sha256:dry-run',
      );
      if (target.kind === 'buildset') result.pushed.push({ reference, digest });
    }
    const host = built.find((b) => b.platform === hostPlatform(platforms)) ?? built[0];
    result.imageId = host.imageId;
    for (const ref of result.localTags) {
      await ctx.operation(
        {
          kind: 'engine.tag',
          target: ref,
          detail: { source: host.imageId, platform: host.platform },
        },
        () => engine.tag(host.imageId, ref),
      );
    }
    // every platform's image stays in the local store under
    // `<repository>:zuul-ts-arch.<os>-<arch>.<tag>` for each final tag, so upload-container-image
    // can assemble the full index in the final registry even without a buildset registry
    // (zuul-jobs kept only the host platform and uploaded a single-arch image).
    for (const b of built) {
      for (const tag of plan.tags) {
        const ref = `${plan.repository}:${localPlatformTag(tag, b.platform)}`;
        await ctx.operation(
          { kind: 'engine.tag', target: ref, detail: { source: b.imageId, platform: b.platform } },
          () => engine.tag(b.imageId, ref),
        );
        result.localTags.push(ref);
      }
    }
    // The staging name now points at one platform while the registry tag is an index: drop it.
    await ctx.operation({ kind: 'engine.untag', target: staging }, () => engine.remove(staging));
    result.platforms = built.map(({ platform, imageId, digest }) => ({
      platform,
      imageId,
      digest,
    }));
    return result;
  } catch (err) {
    // Leave no staging tag, platform tag or per-platform image behind when a platform fails.
    if (!ctx.dryRun) {
      await engine.remove(staging).catch(() => undefined);
      for (const b of built) {
        for (const tag of plan.tags)
          await engine
            .remove(`${plan.repository}:${localPlatformTag(tag, b.platform)}`)
            .catch(() => undefined);
        await engine.remove(b.imageId).catch(() => undefined);
      }
    }
    throw err;
  }
}
