import { RoleFailure, temporaryTag } from '@zuul-ts/job-composer';
import { mapLimit } from '@zuul-ts/registry';
import type { RegistryImage, RoleContext } from '@zuul-ts/job-composer';
import { cleanupAge, cleanupRegex } from './cleanup-inputs';
import { withRegistryHost } from './repository';
import { digestOf, isNotFound } from './registry-ops';
import type { PromoteRegistryOps } from './registry-ops';
import { cleanupWithBackend, deleteOneTag, tagBackendFor } from './remove-registry-tag';
import type { TagBackend } from './tag-backends/types';
import type { PromoteResult, Promotion } from './types';

interface PlannedTag {
  image: RegistryImage;
  tag: string;
  changeTag: string;
  digest: string;
}

/** Repositories promoted at once (each: retags, change-tag removal, cleanup). */
const REPOSITORY_CONCURRENCY = 4;

/** HEAD every change tag of every image: a missing one fails before ANY tag moves. */
async function checkChangeTags(
  ctx: RoleContext,
  client: PromoteRegistryOps,
  images: RegistryImage[],
): Promise<PlannedTag[]> {
  const wanted = images.flatMap((image) =>
    image.tags.map((tag) => ({ image, tag, changeTag: temporaryTag(ctx.vars, tag) })),
  );
  const digests = await mapLimit(wanted, 8, (w) =>
    digestOf(client, `${w.image.repository}:${w.changeTag}`),
  );
  const missing = wanted
    .filter((_, i) => !digests[i])
    .map((w) => `${w.image.repository}:${w.changeTag} (for tag ${w.tag} of ${w.image.path})`);
  if (missing.length)
    throw new RoleFailure(`change tag not found, nothing promoted: ${missing.join(', ')}`);
  return wanted.map((w, i) => ({ ...w, digest: digests[i]! }));
}

/** Retag `<prefix>_<tag>` → `<tag>` (exact bytes) and verify the final tag got the change tag's digest. */
async function promoteOne(
  ctx: RoleContext,
  client: PromoteRegistryOps,
  p: PlannedTag,
): Promise<Promotion> {
  const target = `${p.image.repository}:${p.tag}`;
  const digest = await ctx.operation(
    { kind: 'registry.retag', target, detail: { from: p.changeTag, digest: p.digest } },
    () => client.retag(p.image.repository, p.changeTag, p.tag),
    p.digest,
  );
  if (digest !== p.digest)
    throw new RoleFailure(
      `${target}: registry stored ${digest} but ${p.changeTag} was ${p.digest} (change tag re-pushed during promotion?)`,
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
 * zuul-jobs' `tag` method (container-roles.md §4.3.A) without its data loss: final tags are
 * re-put manifests (an index stays an index), change tags are removed by name (never by digest:
 * zuul-jobs' pre-2023 `skopeo delete` removed the final tag too), then leaked tags are cleaned.
 */
export async function promoteByTag(
  ctx: RoleContext,
  client: PromoteRegistryOps,
  images: RegistryImage[],
): Promise<PromoteResult> {
  const regex = cleanupRegex(ctx.vars);
  const maxAgeSeconds = cleanupAge(ctx.vars);
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
    for (const p of mine) {
      const ref = `${repository}:${p.changeTag}`;
      try {
        await removeChangeTag(ctx, client, backend, p);
        out.removedChangeTags.push(ref);
      } catch (err) {
        // The promotion itself succeeded; a registry without any tag-deletion API (scenario 19)
        // leaves the change tag behind. Never fall back to deleting by digest.
        ctx.log.warn(`could not remove change tag ${ref}: ${(err as Error).message}`);
        out.leftChangeTags.push(ref);
      }
    }
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
