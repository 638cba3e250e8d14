import { randomBytes } from 'node:crypto';
import type { Blobs } from './blobs';
import { sha256 } from './digest';
import { RegistryError } from './errors';
import type { Manifests } from './manifests';
import {
  DOCKER_CONFIG,
  DOCKER_LIST,
  DOCKER_MANIFEST,
  OCI_CONFIG,
  OCI_INDEX,
  OCI_MANIFEST,
} from './media-types';
import { formatReference } from './reference';
import { sleep } from './transport';
import type { ImageReference } from './types';

interface Placeholder {
  manifest: Buffer;
  mediaType: string;
  /** Config blob the manifest references (absent for the empty-index placeholder). */
  config?: Buffer;
}

const nonce = () => randomBytes(16).toString('hex');

/**
 * A tiny throw-away image manifest unique to this call: the config carries `label` and a random
 * nonce. Identical placeholders made two concurrent promote jobs share one digest, and the
 * second DELETE by digest failed with MANIFEST_UNKNOWN (lesson from a broken CI run). Costs a
 * config blob upload; used only where the empty-index placeholder is refused.
 */
export function placeholder(label: string, docker: boolean): Required<Placeholder> {
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Labels: { 'dev.zuul-ts.delete-tag': label, 'dev.zuul-ts.nonce': nonce() } },
      rootfs: { type: 'layers', diff_ids: [] },
    }),
  );
  const mediaType = docker ? DOCKER_MANIFEST : OCI_MANIFEST;
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType,
      config: {
        mediaType: docker ? DOCKER_CONFIG : OCI_CONFIG,
        digest: sha256(config),
        size: config.length,
      },
      layers: [],
    }),
  );
  return { config, manifest, mediaType };
}

/**
 * An empty OCI index unique to this call (nonce annotation): it references nothing, so the
 * registry has nothing to verify and no blob has to be uploaded first — one PUT per tag.
 */
export function indexPlaceholder(label: string): Placeholder {
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: [],
      annotations: { 'dev.zuul-ts.delete-tags': label, 'dev.zuul-ts.nonce': nonce() },
    }),
  );
  return { manifest, mediaType: OCI_INDEX };
}

/** What the caller already knows of a tag (from its own GET/HEAD): saves the HEAD. */
export interface KnownTag {
  digest: string;
  mediaType?: string;
}

export interface DeleteTagsResult {
  deleted: string[];
  /** Did not exist (removed meanwhile by someone else): not an error. */
  absent: string[];
}

/** A refusal of the manifest itself (not auth, not transient): try the other placeholder. */
function refusesPlaceholder(err: unknown): boolean {
  const e = err as RegistryError;
  return (
    e instanceof RegistryError &&
    !e.temporary &&
    (e.status === 400 || e.status === 415 || e.status === 422)
  );
}

/**
 * Deletes tags and nothing else. distribution 2.8 has no tag DELETE (a DELETE by tag is handled
 * as by-digest and fails) and deleting a digest removes every tag pointing at it, so (regclient
 * `TagDelete`): point the tags at a placeholder unique to this call, then delete the
 * placeholder by digest — ONE placeholder and ONE DELETE for any number of tags of a
 * repository. A 404 on that DELETE means another run already removed it: done.
 * Fixes zuul-jobs' `skopeo delete`-style removal that drops every tag of the digest.
 */
export class TagDeleter {
  /** Registries known to support the spec tag DELETE (probed once, first success). */
  private readonly tagDelete = new Map<string, boolean>();
  /** Registries that refused the empty-index placeholder (use the config-blob one). */
  private readonly noIndexPlaceholder = new Set<string>();
  /** The tag-DELETE probe in flight per registry. */
  private readonly probing = new Map<string, Promise<number>>();

  constructor(
    private readonly manifests: Manifests,
    private readonly blobs: Blobs,
    private readonly attempts: number,
    private readonly backoff: (attempt: number, retryAfter?: number) => number,
  ) {}

  /** Returns false when the tag did not exist. */
  async deleteTag(ref: ImageReference): Promise<boolean> {
    if (!ref.tag || ref.digest)
      throw new RegistryError({
        message: `deleteTag ${formatReference(ref)}: needs a tag and no digest`,
        operation: 'deleteTag',
        reference: formatReference(ref),
      });
    const r = await this.deleteTags(ref, [ref.tag]);
    return r.deleted.length === 1;
  }

  /**
   * Deletes `tags` of `repo`; every other tag (of the same digests too) survives. `known` maps
   * tags to what the caller just read (no HEAD for those; a tag removed meanwhile is then
   * reported deleted — it is gone either way).
   */
  async deleteTags(
    repo: ImageReference,
    tags: string[],
    known: Record<string, KnownTag> = {},
  ): Promise<DeleteTagsResult> {
    const base = { registry: repo.registry, repository: repo.repository };
    const ref = (tag: string): ImageReference => ({ ...base, tag });
    const result: DeleteTagsResult = { deleted: [], absent: [] };
    const current = new Map<string, KnownTag>();
    const unique = [...new Set(tags)];
    await Promise.all(
      unique.map(async (tag) => {
        const k = known[tag] ?? (await this.manifests.head(ref(tag)));
        if (k) current.set(tag, k);
      }),
    );
    let present = unique.filter((t) => current.has(t));
    result.absent.push(...unique.filter((t) => !current.has(t)));
    if (!present.length) return result;

    // One capability probe per registry: concurrent batches wait for the first one's answer.
    const probing = this.probing.get(repo.registry);
    if (probing && this.tagDelete.get(repo.registry) === undefined) {
      await probing.catch(() => undefined);
      return this.deleteTags(repo, present, Object.fromEntries(current));
    }
    if (this.tagDelete.get(repo.registry) !== false) {
      const [first, ...rest] = present;
      const probe = this.tagDelete.get(repo.registry) === undefined;
      const pending = this.manifests.deleteByTag(ref(first!), first!);
      if (probe) {
        this.probing.set(repo.registry, pending);
        void pending.finally(() => this.probing.delete(repo.registry)).catch(() => undefined);
      }
      const status = await pending;
      if (status === 202 || status === 200) {
        this.tagDelete.set(repo.registry, true);
        result.deleted.push(first!);
        const statuses = await Promise.all(rest.map((t) => this.manifests.deleteByTag(ref(t), t)));
        rest.forEach((t, i) => {
          const s = statuses[i]!;
          if (s === 202 || s === 200) result.deleted.push(t);
          else if (s === 404) result.absent.push(t);
          else
            throw new RegistryError({
              message: `deleteTag ${formatReference(ref(t))}: tag DELETE answered HTTP ${s}`,
              status: s,
              operation: 'deleteTag',
              reference: formatReference(ref(t)),
            });
        });
        return result;
      }
      if (status === 404 && this.tagDelete.get(repo.registry)) {
        result.absent.push(first!);
        present = rest;
        if (!present.length) return result;
        return this.merge(result, await this.deleteTags(repo, present, known));
      }
      if (status === 405)
        // Deletes disabled (distribution `storage.delete.enabled: false`, ghcr.io, …): the
        // fallback would only strand a placeholder on the tag. Fail clearly, change nothing.
        throw new RegistryError({
          message: `deleteTag ${formatReference(ref(first!))}: the registry does not allow deletes (HTTP 405); the tag was left unchanged`,
          status: 405,
          codes: ['UNSUPPORTED'],
          operation: 'deleteTag',
          reference: formatReference(ref(first!)),
        });
      this.tagDelete.set(repo.registry, false);
    }
    await this.viaPlaceholder(base, present, current);
    result.deleted.push(...present);
    return result;
  }

  private merge(a: DeleteTagsResult, b: DeleteTagsResult): DeleteTagsResult {
    return { deleted: [...a.deleted, ...b.deleted], absent: [...a.absent, ...b.absent] };
  }

  /** Points every tag at one unique placeholder, then deletes the placeholder by digest. */
  private async viaPlaceholder(
    base: ImageReference,
    tags: string[],
    current: Map<string, KnownTag>,
  ): Promise<void> {
    const ref = (tag: string): ImageReference => ({ ...base, tag });
    const label = tags.length === 1 ? tags[0]! : `${tags.length} tags`;
    const moved: string[] = [];
    let p: Placeholder;
    try {
      p = await this.placeholderFor(base, label, tags, current);
      moved.push(tags[0]!); // placeholderFor PUT it there

      // One repository's writes in sequence: parallel manifest PUTs into one repository are
      // what trips distribution 2.8's MANIFEST_INVALID race.
      for (const tag of tags.slice(1)) {
        await this.manifests.put(ref(tag), p.manifest, p.mediaType);
        moved.push(tag);
      }
    } catch (err) {
      await this.restoreAll(base, moved, current);
      throw this.failure(base, tags, err, current);
    }
    const placeholderRef = { ...base, tag: undefined, digest: sha256(p.manifest) };
    let failed = false;
    for (let attempt = 0; ; attempt++) {
      try {
        // distribution 2.8 deletes the manifest first and untags after (Lookup reads every
        // tag's link, which a concurrent write may have half-written): a 500 can leave a tag
        // dangling, and a blind retry then gets 404 "already deleted" while the tag stays
        // listed. So after any failure, point the tags at the placeholder again and re-DELETE.
        if (failed)
          for (const tag of tags) await this.manifests.put(ref(tag), p.manifest, p.mediaType);
        const existed = await this.manifests.delete(placeholderRef, {
          notFoundOk: true,
          retry: false,
        });
        // 404 on a clean first try: another run already removed our placeholder — done.
        if (existed || !failed || attempt + 1 >= this.attempts) return;
      } catch (err) {
        const e = err as RegistryError;
        if (e instanceof RegistryError && e.temporary && attempt + 1 < this.attempts) {
          failed = true;
          await sleep(this.backoff(attempt, e.retryAfter));
          continue;
        }
        await this.restoreAll(base, tags, current);
        throw this.failure(base, tags, err, current);
      }
    }
  }

  /**
   * The placeholder, already PUT onto `tags[0]`: the empty index (no blob needed) unless this
   * registry refused it, else a config-blob image manifest (one blob upload per call).
   */
  private async placeholderFor(
    base: ImageReference,
    label: string,
    tags: string[],
    current: Map<string, KnownTag>,
  ): Promise<Placeholder> {
    const first: ImageReference = { ...base, tag: tags[0] };
    if (!this.noIndexPlaceholder.has(base.registry)) {
      const p = indexPlaceholder(label);
      try {
        await this.manifests.put(first, p.manifest, p.mediaType);
        return p;
      } catch (err) {
        if (!refusesPlaceholder(err)) throw err;
        this.noIndexPlaceholder.add(base.registry);
      }
    }
    const docker = [...current.values()].some(
      (k) => k.mediaType === DOCKER_MANIFEST || k.mediaType === DOCKER_LIST,
    );
    const p = placeholder(label, docker);
    // The config is unique: no HEAD, upload straight away.
    await this.blobs.upload(first, sha256(p.config), p.config.length, p.config);
    await this.manifests.put(first, p.manifest, p.mediaType);
    return p;
  }

  private failure(
    base: ImageReference,
    tags: string[],
    err: unknown,
    current: Map<string, KnownTag>,
  ): RegistryError {
    const e = err as RegistryError;
    const refs = tags.map((t) => formatReference({ ...base, tag: t })).join(', ');
    const digests = [...new Set(tags.map((t) => current.get(t)!.digest))].join(', ');
    return new RegistryError({
      message: `deleteTag ${refs}: ${e.message}; the tag was restored to ${digests}`,
      status: e.status,
      codes: e.codes,
      temporary: e.temporary,
      operation: 'deleteTag',
      reference: formatReference({ ...base, tag: tags[0] }),
    });
  }

  /** Never leave a tag on the placeholder: point each back at what it named before. */
  private async restoreAll(
    base: ImageReference,
    tags: string[],
    current: Map<string, KnownTag>,
  ): Promise<void> {
    const bytes = new Map<string, Promise<{ bytes: Buffer; mediaType: string }>>();
    for (const tag of tags) {
      const digest = current.get(tag)!.digest;
      let got = bytes.get(digest);
      if (!got) {
        got = this.manifests.get({ ...base, tag: undefined, digest });
        bytes.set(digest, got);
      }
      const original = await got;
      await this.manifests.put({ ...base, tag }, original.bytes, original.mediaType);
    }
  }
}
