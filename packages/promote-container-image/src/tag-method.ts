import { RoleFailure } from '@zuul-ts/role-kit';
import { temporaryTag } from '@zuul-ts/container-vars';
import { mapLimit } from '@zuul-ts/registry';
import type { RoleContext } from '@zuul-ts/role-kit';
import type { TagRemovalInputs } from './schema';
import type { RegistryImage } from '@zuul-ts/container-vars';
import { cleanupAge, cleanupRegex } from './cleanup-inputs';
import { withRegistryHost } from './repository';
import { digestOf, isNotFound, manifestOf } from './registry-ops';
import type { PromoteRegistryOps } from './registry-ops';
import { cleanupWithBackend, deleteOneTag, tagBackendFor } from './remove-registry-tag';
import type { TagBackend } from './tag-backends/types';
import type { PromoteResult, Promotion } from './types';

interface PlannedTag {
  image: RegistryImage;
  tag: string;
  changeTag: string;
  digest: string;
  /** The change tag's manifest, exact bytes: PUT as the final tag without reading it again. */
  bytes: Buffer;
  mediaType: string;
}

/**
 * Repositories promoted at once (each: retags, change-tag removal, cleanup). Writes within one
 * repository stay sequential (distribution 2.8's MANIFEST_INVALID race); the registry client
 * bounds requests per host on top of this.
 */
const REPOSITORY_CONCURRENCY = 8;

/**
 * GET every change tag of every image: a missing one fails before ANY tag moves. The bytes are
 * kept for the final-tag PUT, so a promoted tag costs one GET + one PUT (the protocol minimum).
 */
async function checkChangeTags(
  ctx: RoleContext,
  client: PromoteRegistryOps,
  images: RegistryImage[],
): Promise<PlannedTag[]> {
  const wanted = images.flatMap((image) =>
    image.tags.map((tag) => ({ image, tag, changeTag: temporaryTag(ctx.vars, tag) })),
  );
  const manifests = await mapLimit(wanted, 16, (w) =>
    manifestOf(client, `${w.image.repository}:${w.changeTag}`),
  );
  const missing = wanted
    .filter((_, i) => !manifests[i])
    .map((w) => `${w.image.repository}:${w.changeTag} (for tag ${w.tag} of ${w.image.path})`);
  if (missing.length)
    throw new RoleFailure(`change tag not found, nothing promoted: ${missing.join(', ')}`);
  return wanted.map((w, i) => {
    const m = manifests[i]!;
    return { ...w, digest: m.digest, bytes: m.bytes, mediaType: m.mediaType };
  });
}

/**
 * `<prefix>_<tag>` → `<tag>`: PUT the change tag's exact bytes (an index stays an index) and
 * verify the final tag names the change tag's digest (the registry's Docker-Content-Digest
 * answer, else a HEAD). No HEAD-compare first: an identical PUT is idempotent and costs the same.
 */
async function promoteOne(
  ctx: RoleContext,
  client: PromoteRegistryOps,
  p: PlannedTag,
): Promise<Promotion> {
  const target = `${p.image.repository}:${p.tag}`;
  const digest = await ctx.operation(
    { kind: 'registry.retag', target, detail: { from: p.changeTag, digest: p.digest } },
    () => client.putManifestVerified(target, p.bytes, p.mediaType),
    p.digest,
  );
  if (digest !== p.digest)
    throw new RoleFailure(
      `${target}: registry stored ${digest} but ${p.changeTag} was ${p.digest}`,
    );
  ctx.log.info(`promoted ${p.image.repository}:${p.changeTag} -> ${p.tag} (${digest})`);
  return {
    repository: p.image.repository,
    tag: p.tag,
    digest,
    source: `${p.image.repository}:${p.changeTag}`,
  };
}

/**
 * Removes a promoted change tag by name. The registry client already treats a 404 on its own
 * throw-away manifest as done (a concurrent job removed it); any other 404 is re-checked: the
 * tag counts as removed only if it is really gone.
 */
async function removeChangeTag(
  ctx: RoleContext,
  client: PromoteRegistryOps,
  backend: TagBackend,
  p: PlannedTag,
): Promise<void> {
  const ref = `${p.image.repository}:${p.changeTag}`;
  for (let attempt = 1; ; attempt++) {
    try {
      await deleteOneTag(ctx, backend, p.changeTag);
      return;
    } catch (err) {
      if (!isNotFound(err) || attempt >= 3) throw err;
      if (!(await digestOf(client, ref))) return;
    }
  }
}

/**
 * Removes one repository's promoted change tags (only after every final tag of it is verified).
 * A backend with a batch form removes them together (generic registry: one placeholder PUT per
 * tag and ONE DELETE); each tag is still recorded as its own operation, so a dry-run plan lists
 * them as before. If the batch fails for any reason but "deletes refused", tag by tag.
 */
async function removeChangeTags(
  ctx: RoleContext,
  client: PromoteRegistryOps,
  backend: TagBackend,
  mine: PlannedTag[],
  out: PromoteResult,
): Promise<void> {
  const refOf = (p: PlannedTag) => `${p.image.repository}:${p.changeTag}`;
  const left = (p: PlannedTag, err: unknown) => {
    // The promotion itself succeeded; a registry without any tag-deletion API
    // leaves the change tag behind. Never fall back to deleting by digest.
    ctx.log.warn(`could not remove change tag ${refOf(p)}: ${(err as Error).message}`);
    out.leftChangeTags.push(refOf(p));
  };
  let todo = mine;
  if (backend.deleteTags && mine.length) {
    const known = Object.fromEntries(
      mine.map((p) => [p.changeTag, { digest: p.digest, mediaType: p.mediaType }]),
    );
    let batch: Promise<Map<string, 'deleted' | 'absent'>> | undefined;
    const runBatch = () =>
      (batch ??= backend.deleteTags!(
        mine.map((p) => p.changeTag),
        known,
      ));
    const settled = await Promise.allSettled(
      mine.map((p) =>
        ctx.operation(
          {
            kind: backend.kind === 'registry' ? 'registry.delete-tag' : 'api.delete-tag',
            target: refOf(p),
            detail: { backend: backend.kind },
          },
          async () => (await runBatch()).get(p.changeTag) ?? 'absent',
          'deleted' as const,
        ),
      ),
    );
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (!failed) {
      out.removedChangeTags.push(...mine.map(refOf));
      return;
    }
    if ((failed.reason as { status?: number }).status === 405) {
      for (const p of mine) left(p, failed.reason);
      return;
    }
    ctx.log.info(
      `batch removal of change tags of ${backend.repository} failed (${(failed.reason as Error).message}); removing them one by one`,
    );
    todo = mine;
  }
  for (const p of todo) {
    try {
      await removeChangeTag(ctx, client, backend, p);
      out.removedChangeTags.push(refOf(p));
    } catch (err) {
      left(p, err);
    }
  }
}

/**
 * zuul-jobs' `tag` method without its data loss: final tags are
 * re-put manifests (an index stays an index), change tags are removed by name (never by digest:
 * zuul-jobs' pre-2023 `skopeo delete` removed the final tag too), then leaked tags are cleaned.
 */
export async function promoteByTag(
  ctx: RoleContext<TagRemovalInputs>,
  client: PromoteRegistryOps,
  images: RegistryImage[],
): Promise<PromoteResult> {
  const regex = cleanupRegex(ctx.inputs);
  const maxAgeSeconds = cleanupAge(ctx.inputs);
  const backends = new Map<string, TagBackend>();
  for (const image of images)
    backends.set(
      image.repository,
      tagBackendFor(ctx, client, withRegistryHost(image), `${image.path}.repository`),
    );
  const planned = await checkChangeTags(ctx, client, images);
  const result: PromoteResult = {
    method: 'tag',
    promotions: [],
    removedChangeTags: [],
    leftChangeTags: [],
    cleanup: {},
  };
  // Per repository: promote, remove its change tags, clean it. Repositories in parallel.
  const repositories = [...backends.keys()];
  const perRepo = await mapLimit(repositories, REPOSITORY_CONCURRENCY, async (repository) => {
    const mine = planned.filter((p) => p.image.repository === repository);
    const backend = backends.get(repository)!;
    const out: PromoteResult = {
      ...result,
      promotions: [],
      removedChangeTags: [],
      leftChangeTags: [],
      cleanup: {},
    };
    for (const p of mine) out.promotions.push(await promoteOne(ctx, client, p));
    await removeChangeTags(ctx, client, backend, mine, out);
    const keep = new Set(mine.map((p) => p.tag));
    try {
      const r = await cleanupWithBackend(ctx, backend, {
        regex,
        maxAgeSeconds,
        now: new Date(),
        keep,
      });
      out.cleanup[repository] = r.deleted;
      if (r.deleted.length)
        ctx.log.info(`removed leaked tags of ${repository}: ${r.deleted.join(', ')}`);
    } catch (err) {
      // zuul-jobs runs this cleanup with errors hidden; we report them but the promotion stands.
      ctx.log.warn(`leaked-tag cleanup of ${repository} failed: ${(err as Error).message}`);
    }
    return out;
  });
  for (const r of perRepo) {
    result.promotions.push(...r.promotions);
    result.removedChangeTags.push(...r.removedChangeTags);
    result.leftChangeTags.push(...r.leftChangeTags);
    Object.assign(result.cleanup, r.cleanup);
  }
  return result;
}
