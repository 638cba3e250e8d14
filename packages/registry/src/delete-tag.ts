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
  OCI_MANIFEST,
} from './media-types';
import { formatReference } from './reference';
import { sleep } from './transport';
import type { ImageReference } from './types';

/**
 * A tiny throw-away manifest unique to this call: the config carries the tag and a random
 * nonce. Identical placeholders made two concurrent promote jobs share one digest, and the
 * second DELETE by digest failed with MANIFEST_UNKNOWN (lesson from a broken CI run).
 */
export function placeholder(
  tag: string,
  docker: boolean,
): { config: Buffer; manifest: Buffer; mediaType: string } {
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: {
        Labels: {
          'dev.zuul-ts.delete-tag': tag,
          'dev.zuul-ts.nonce': randomBytes(16).toString('hex'),
        },
      },
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
 * Deletes one tag and nothing else. distribution 2.8 has no tag DELETE (a DELETE by tag is
 * handled as by-digest and fails) and deleting a digest removes every tag pointing at it, so
 * (regclient `TagDelete`): overwrite the tag with a unique placeholder, then delete the
 * placeholder by digest. A 404 on that DELETE means another run already removed it: done.
 * Fixes zuul-jobs' `skopeo delete`-style removal that drops every tag of the digest.
 */
export class TagDeleter {
  /** Registries known to support the spec tag DELETE (probed once, first success). */
  private readonly tagDelete = new Map<string, boolean>();

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
    const tagRef: ImageReference = {
      registry: ref.registry,
      repository: ref.repository,
      tag: ref.tag,
    };
    const current = await this.manifests.head(tagRef);
    if (!current) return false;
    if (this.tagDelete.get(ref.registry) !== false) {
      const status = await this.manifests.deleteByTag(tagRef, ref.tag);
      if (status === 202 || status === 200) {
        this.tagDelete.set(ref.registry, true);
        return true;
      }
      if (status === 404 && this.tagDelete.get(ref.registry)) return false;
      if (status === 405)
        // Deletes disabled (distribution `storage.delete.enabled: false`, ghcr.io, …): the
        // fallback would only strand a placeholder on the tag. Fail clearly, change nothing.
        throw new RegistryError({
          message: `deleteTag ${formatReference(tagRef)}: the registry does not allow deletes (HTTP 405); the tag was left unchanged`,
          status: 405,
          codes: ['UNSUPPORTED'],
          operation: 'deleteTag',
          reference: formatReference(tagRef),
        });
      this.tagDelete.set(ref.registry, false);
    }
    const docker = current.mediaType === DOCKER_MANIFEST || current.mediaType === DOCKER_LIST;
    const p = placeholder(ref.tag, docker);
    // The config is unique: no HEAD, upload straight away.
    await this.blobs.upload(tagRef, sha256(p.config), p.config.length, p.config);
    const digest = await this.manifests.put(tagRef, p.manifest, p.mediaType);
    const placeholderRef = { ...tagRef, tag: undefined, digest };
    let failed = false;
    for (let attempt = 0; ; attempt++) {
      try {
        // distribution 2.8 deletes the manifest first and untags after (Lookup reads every
        // tag's link, which a concurrent write may have half-written): a 500 can leave the
        // tag dangling, and a blind retry then gets 404 "already deleted" while the tag stays
        // listed. So after any failure, point the tag at the placeholder again and re-DELETE.
        if (failed) await this.manifests.put(tagRef, p.manifest, p.mediaType);
        const existed = await this.manifests.delete(placeholderRef, {
          notFoundOk: true,
          retry: false,
        });
        // 404 on a clean first try: another run already removed our placeholder — done.
        if (existed || !failed || attempt + 1 >= this.attempts) break;
      } catch (err) {
        const e = err as RegistryError;
        if (e instanceof RegistryError && e.temporary && attempt + 1 < this.attempts) {
          failed = true;
          await sleep(this.backoff(attempt, e.retryAfter));
          continue;
        }
        await this.restore(tagRef, current.digest);
        throw new RegistryError({
          message: `deleteTag ${formatReference(tagRef)}: ${e.message}; the tag was restored to ${current.digest}`,
          status: e.status,
          codes: e.codes,
          temporary: e.temporary,
          operation: 'deleteTag',
          reference: formatReference(tagRef),
        });
      }
    }
    return true;
  }

  /** Never leave the tag on the placeholder: point it back at what it named before. */
  private async restore(tagRef: ImageReference, digest: string): Promise<void> {
    const original = await this.manifests.get({ ...tagRef, tag: undefined, digest });
    await this.manifests.put(tagRef, original.bytes, original.mediaType);
  }
}
