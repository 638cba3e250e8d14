import { randomBytes } from 'node:crypto';
import { RoleFailure } from '@zuul-ts/role-kit';
import { buildsetClientRepository, localPlatformTag } from '@zuul-ts/container-vars';
import type { RoleContext } from '@zuul-ts/role-kit';
import type { BuildsetRegistry, RegistryImage } from '@zuul-ts/container-vars';
import { mediaTypes, parsePlatform } from '@zuul-ts/registry';
import type { UploadDeps, UploadedTag } from './push-image';
import { enginePush, registryRetag } from './push-image';

/**
 * zuul-jobs pushed a multi-arch image from the local store, which held the host
 * platform only, so the final registry got a single-arch image. Here the full index reaches it:
 * copied from the buildset registry (`source: 'buildset'`), or, without one, assembled from the
 * per-platform images build-container-image keeps locally (`source: 'local'`).
 */

/** One remote tag to write and the final tag whose build it carries. */
export interface TagPair {
  final: string;
  upload: string;
}

/** Upload tags sharing one source (one copy or one index assembly; the others are retags). */
export interface MultiArchGroup {
  pairs: TagPair[];
  /** buildset: the index digest; local: the per-platform image IDs. */
  source: string;
}

export interface MultiArchPlan {
  from: 'buildset' | 'local';
  platforms: string[];
  groups: MultiArchGroup[];
  /** buildset only. */
  buildset?: BuildsetRegistry;
}

function groupBy(pairs: TagPair[], keys: string[]): MultiArchGroup[] {
  const groups = new Map<string, TagPair[]>();
  pairs.forEach((p, i) => groups.set(keys[i], [...(groups.get(keys[i]) ?? []), p]));
  return [...groups].map(([source, ps]) => ({ source, pairs: ps }));
}

/**
 * Checks (before anything is pushed) that every tag's source exists: the index in the buildset
 * registry, else each platform's local image under its `localPlatformTag`, of the right platform.
 */
export async function planMultiArch(
  ctx: RoleContext,
  deps: UploadDeps,
  image: RegistryImage,
  platforms: string[],
  pairs: TagPair[],
  buildset: BuildsetRegistry | undefined,
): Promise<MultiArchPlan> {
  const from = buildset ? 'buildset' : 'local';
  if (ctx.dryRun) return { from, platforms, buildset, groups: [{ source: 'dry-run', pairs }] };
  const keys: string[] = [];
  for (const pair of pairs) {
    if (buildset) {
      const src = `${buildsetClientRepository(buildset, image.repository)}:${pair.final}`;
      const head = await deps.client.headManifest(src);
      if (!head) throw new RoleFailure(`${image.path}: ${src} not found in the buildset registry`);
      if (!mediaTypes.isIndex(head.mediaType))
        throw new RoleFailure(
          `${image.path}: ${src} in the buildset registry is not a multi-arch index (${head.mediaType})`,
        );
      keys.push(head.digest);
      continue;
    }
    const engine = deps.engine!;
    const ids: string[] = [];
    for (const platform of platforms) {
      const ref = `${image.repository}:${localPlatformTag(pair.final, platform)}`;
      const details = await engine.inspect(ref);
      if (!details)
        throw new RoleFailure(
          `${image.path}: local image ${ref} (${platform} of tag ${pair.final}) not found in the ${engine.kind} image store (was it built by build-container-image with arch on this host?)`,
        );
      const want = parsePlatform(platform);
      if (details.os !== want.os || details.architecture !== want.architecture)
        throw new RoleFailure(
          `${image.path}: local image ${ref} is ${details.os}/${details.architecture}, expected ${platform}`,
        );
      ids.push(details.id);
    }
    keys.push(ids.join(','));
  }
  return { from, platforms, buildset, groups: groupBy(pairs, keys) };
}

/** buildset: copy the whole index (all platforms, digest verified) to the first upload tag. */
async function copyFromBuildset(
  ctx: RoleContext,
  deps: UploadDeps,
  image: RegistryImage,
  plan: MultiArchPlan,
  group: MultiArchGroup,
): Promise<string> {
  const first = group.pairs[0];
  const src = `${buildsetClientRepository(plan.buildset!, image.repository)}:${first.final}`;
  const dst = `${image.repository}:${first.upload}`;
  return ctx.operation(
    { kind: 'registry.copy', target: dst, detail: { from: src, allPlatforms: true } },
    async () => {
      const digest = await deps.client.copy(src, dst, { allPlatforms: true });
      const stored = (await deps.client.headManifest(dst))?.digest;
      if (digest !== group.source || stored !== digest)
        throw new RoleFailure(
          `copy ${src} -> ${dst}: registry has ${stored ?? 'nothing'}, source is ${group.source}`,
        );
      return digest;
    },
    'sha256:dry-run',
  );
}

/** Removes the temporary per-platform tags; a registry refusing deletes leaves them, with a warning. */
async function removeTemporaryTags(
  ctx: RoleContext,
  deps: UploadDeps,
  image: RegistryImage,
  tags: string[],
  known: Record<string, { digest: string; mediaType?: string }>,
): Promise<void> {
  if (tags.length === 0) return;
  try {
    await ctx.operation(
      { kind: 'registry.delete-tags', target: image.repository, detail: { tags } },
      () => deps.client.deleteTags(image.repository, tags, known),
    );
  } catch (err) {
    ctx.log.warn(
      `${image.repository}: temporary tags ${tags.join(', ')} remain (delete refused: ${(err as Error).message})`,
    );
  }
}

/**
 * local: each platform's image is pushed under a temporary tag unique to this run, the index over
 * their manifests is put under the first upload tag and verified, then the temporary tags are
 * removed with the registry client's safe deleteTags (the manifests stay: the index needs them).
 */
async function assembleFromLocal(
  ctx: RoleContext,
  deps: UploadDeps,
  image: RegistryImage,
  plan: MultiArchPlan,
  group: MultiArchGroup,
): Promise<string> {
  const first = group.pairs[0];
  const nonce = randomBytes(4).toString('hex');
  const pushedTags: string[] = [];
  const known: Record<string, { digest: string; mediaType?: string }> = {};
  const entries: {
    digest: string;
    mediaType: string;
    size: number;
    platform: ReturnType<typeof parsePlatform>;
  }[] = [];
  try {
    for (const platform of plan.platforms) {
      const local = `${image.repository}:${localPlatformTag(first.final, platform)}`;
      const tmp = `zuul-ts-tmp.${nonce}.${platform.replace(/\//g, '-')}`;
      const tmpRef = `${image.repository}:${tmp}`;
      await ctx.operation(
        { kind: 'engine.tag', target: tmpRef, detail: { source: local, platform } },
        () => deps.engine!.tag(local, tmpRef),
      );
      let digest: string;
      try {
        pushedTags.push(tmp);
        digest = await enginePush(ctx, deps, image, tmp);
      } finally {
        await ctx.operation({ kind: 'engine.untag', target: tmpRef }, () =>
          deps.engine!.remove(tmpRef).catch(() => undefined),
        );
      }
      const head = ctx.dryRun
        ? { mediaType: mediaTypes.OCI_MANIFEST, size: 0 }
        : await deps.client.headManifest(`${image.repository}@${digest}`);
      if (!head)
        throw new RoleFailure(
          `${tmpRef}: pushed ${digest} but the registry has no manifest for it`,
        );
      known[tmp] = { digest, mediaType: head.mediaType };
      entries.push({
        digest,
        mediaType: head.mediaType,
        size: head.size,
        platform: parsePlatform(platform),
      });
    }
    const dst = `${image.repository}:${first.upload}`;
    return await ctx.operation(
      { kind: 'registry.put-index', target: dst, detail: { platforms: plan.platforms } },
      async () => {
        const digest = await deps.client.putIndex(dst, entries);
        const stored = (await deps.client.headManifest(dst))?.digest;
        if (stored !== digest)
          throw new RoleFailure(
            `put index ${dst}: registry has ${stored ?? 'nothing'}, expected ${digest}`,
          );
        return digest;
      },
      'sha256:dry-run',
    );
  } finally {
    await removeTemporaryTags(ctx, deps, image, pushedTags, known);
  }
}

/** Uploads a multi-arch image as a full index under every upload tag (first written, rest retagged). */
export async function uploadMultiArch(
  ctx: RoleContext,
  deps: UploadDeps,
  image: RegistryImage,
  plan: MultiArchPlan,
): Promise<UploadedTag[]> {
  const out: UploadedTag[] = [];
  for (const group of plan.groups) {
    const [first, ...rest] = group.pairs;
    const digest =
      plan.from === 'buildset'
        ? await copyFromBuildset(ctx, deps, image, plan, group)
        : await assembleFromLocal(ctx, deps, image, plan, group);
    out.push({
      repository: image.repository,
      tag: first.upload,
      digest,
      via: plan.from === 'buildset' ? 'registry.copy' : 'registry.put-index',
    });
    for (const { upload } of rest) {
      await registryRetag(ctx, deps, image, first.upload, upload, digest);
      out.push({ repository: image.repository, tag: upload, digest, via: 'registry.retag' });
    }
  }
  ctx.log.info(
    `uploaded ${image.repository} (${plan.platforms.join(', ')}, from ${plan.from === 'buildset' ? 'the buildset registry' : 'the local per-platform images'}): ${out.map((t) => t.tag).join(', ')}`,
  );
  return out;
}
