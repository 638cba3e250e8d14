import { Blobs } from './blobs';
import { Copier } from './copy';
import { platformMatches } from './platform';
import { createCredentialStore } from './credentials';
import { TagDeleter } from './delete-tag';
import type { DeleteTagsResult, KnownTag } from './delete-tag';
import { RegistryError } from './errors';
import { Manifests } from './manifests';
import { OCI_INDEX, isIndex } from './media-types';
import { DOCKER_HUB, RefLike, formatReference, toReference } from './reference';
import { listTags } from './tags';
import { Transport, sleep } from './transport';
import type {
  CopyOptions,
  Descriptor,
  IndexEntry,
  ManifestHead,
  ManifestResult,
  Platform,
  RegistryClientOptions,
} from './types';

/** Parsed image config (the fields roles read; the rest is kept). */
export interface ImageConfig {
  created?: string;
  architecture?: string;
  os?: string;
  variant?: string;
  config?: { Labels?: Record<string, string> | null; [k: string]: unknown };
  rootfs?: { type: string; diff_ids: string[] };
  [k: string]: unknown;
}

/**
 * The one OCI distribution client every role uses. Methods take a reference string or an
 * ImageReference; a reference without tag or digest means `latest`.
 */
export class RegistryClient {
  readonly transport: Transport;
  readonly manifests: Manifests;
  readonly blobs: Blobs;
  private readonly copier: Copier;
  private readonly deleter: TagDeleter;

  constructor(options: RegistryClientOptions = {}) {
    this.transport = new Transport(
      options,
      createCredentialStore(options.credentials, options.dockerConfigDir),
    );
    this.manifests = new Manifests(this.transport);
    this.blobs = new Blobs(this.transport);
    this.copier = new Copier(this.transport, this.manifests, this.blobs);
    this.deleter = new TagDeleter(this.manifests, this.blobs, this.transport.attempts, (a, r) =>
      this.transport.backoff(a, r),
    );
  }

  headManifest(ref: RefLike): Promise<ManifestHead | undefined> {
    return this.manifests.head(toReference(ref));
  }

  getManifest(ref: RefLike): Promise<ManifestResult> {
    return this.manifests.get(toReference(ref));
  }

  putManifest(ref: RefLike, bytes: Buffer, mediaType: string): Promise<string> {
    return this.manifests.put(toReference(ref), bytes, mediaType);
  }

  /**
   * PUT exact bytes and verify the tag now names their digest: the registry's
   * `Docker-Content-Digest` answer counts as verification (one request); a registry that sends
   * none gets a HEAD. Throws when the tag names anything else. Resolves to the digest.
   */
  async putManifestVerified(ref: RefLike, bytes: Buffer, mediaType: string): Promise<string> {
    const r = toReference(ref);
    const { digest, confirmed } = await this.manifests.putChecked(r, bytes, mediaType);
    if (confirmed) return digest;
    const head = await this.manifests.head(r);
    if (head?.digest !== digest)
      throw new RegistryError({
        message: `PUT manifest ${formatReference(r)}: the tag names ${head?.digest ?? 'nothing'} after the PUT, expected ${digest}`,
        operation: 'PUT manifest',
        reference: formatReference(r),
      });
    return digest;
  }

  /**
   * DELETE by digest: removes the manifest and every tag of it (distribution). Use deleteTag
   * to remove one tag.
   */
  async deleteManifest(ref: RefLike): Promise<void> {
    const r = toReference(ref);
    if (!r.digest) {
      await this.manifests.delete(r); // throws the "a digest is required" error
      return;
    }
    // distribution 2.8 may answer 500 after removing the manifest but before untagging its
    // tags (see delete-tag.ts); a blind retry then gets 404 and leaves dangling tags. Keep the
    // bytes, and after a failure PUT them back by digest (tags resolve again) and re-DELETE.
    const m = await this.manifests.get(r);
    for (let attempt = 0; ; attempt++) {
      try {
        if (attempt > 0) await this.manifests.put({ ...r, tag: undefined }, m.bytes, m.mediaType);
        await this.manifests.delete(r, { retry: false, notFoundOk: attempt > 0 });
        return;
      } catch (err) {
        const e = err as RegistryError;
        if (!(e instanceof RegistryError) || !e.temporary || attempt + 1 >= this.transport.attempts)
          throw err;
        await sleep(this.transport.backoff(attempt, e.retryAfter));
      }
    }
  }

  /** Every tag (all pages, following `Link`); `pageSize` is the `n` asked for per page. */
  listTags(repo: RefLike, opts: { pageSize?: number } = {}): Promise<string[]> {
    return listTags(this.transport, toReference(repo), opts.pageSize);
  }

  /** Blob presence (size) in a repository. */
  headBlob(repo: RefLike, digest: string): Promise<number | undefined> {
    return this.blobs.head(toReference(repo), digest);
  }

  /** Whole blob, digest verified. */
  getBlob(repo: RefLike, digest: string): Promise<Buffer> {
    return this.blobs.get(toReference(repo), digest);
  }

  /** Uploads a blob unless the repository has it; returns its digest. */
  pushBlob(repo: RefLike, data: Buffer): Promise<string> {
    return this.blobs.ensure(toReference(repo), data);
  }

  /**
   * Parsed config of an image; for an index, of the child matching `platform`
   * (default linux/amd64, else the first child).
   */
  async getImageConfig(ref: RefLike, platform?: Partial<Platform>): Promise<ImageConfig> {
    const r = toReference(ref);
    let m = await this.manifests.get(r);
    if (isIndex(m.mediaType)) {
      const index = JSON.parse(m.bytes.toString('utf8')) as { manifests?: Descriptor[] };
      const children = (index.manifests ?? []).filter(
        (c) => c.platform?.architecture !== 'unknown',
      );
      const want = platform ?? { os: 'linux', architecture: 'amd64' };
      const child =
        children.find((c) => platformMatches(c.platform, want)) ??
        (platform ? undefined : children[0]);
      if (!child)
        throw new RegistryError({
          message: `${formatReference(r)} has no manifest for platform ${want.os ?? '*'}/${want.architecture ?? '*'}`,
          operation: 'getImageConfig',
          reference: formatReference(r),
        });
      m = await this.manifests.get({ ...r, tag: undefined, digest: child.digest });
    }
    const manifest = JSON.parse(m.bytes.toString('utf8')) as { config?: Descriptor };
    if (!manifest.config)
      throw new RegistryError({
        message: `${formatReference(r)} is not an image manifest (no config)`,
        operation: 'getImageConfig',
        reference: formatReference(r),
      });
    const bytes = await this.blobs.get(r, manifest.config.digest);
    return JSON.parse(bytes.toString('utf8')) as ImageConfig;
  }

  /**
   * Same-repository retag: skip when both tags already name the same
   * digest, else PUT the exact bytes and media type of the source — an index stays an index,
   * zero blob traffic. The source is read with one GET in parallel with the HEAD of the
   * destination (2 round trips, like a raw GET+PUT client); on Docker Hub, where a GET counts
   * as a pull and HEAD is free, both tags are HEADed first and the GET only happens when needed.
   */
  async retag(repo: RefLike, fromTag: string, toTag: string): Promise<string> {
    const r = toReference(repo);
    const base = { registry: r.registry, repository: r.repository };
    const from = toReference({ ...base, tag: fromTag });
    const to = toReference({ ...base, tag: toTag });
    const missing = () =>
      new RegistryError({
        message: `retag: ${formatReference(from)} does not exist`,
        status: 404,
        codes: ['MANIFEST_UNKNOWN'],
        operation: 'retag',
        reference: formatReference(from),
      });
    if (r.registry === DOCKER_HUB) {
      // allSettled: a failing HEAD never leaves the other one running behind the caller's back.
      const [src, dst] = await settled([this.manifests.head(from), this.manifests.head(to)]);
      if (!src) throw missing();
      if (dst && dst.digest === src.digest) return src.digest;
      const m = await this.manifests.get({ ...base, digest: src.digest });
      return this.manifests.put(to, m.bytes, m.mediaType);
    }
    const [m, dst] = await settled([
      this.manifests.get(from).catch((err: unknown) => {
        if (err instanceof RegistryError && err.status === 404) throw missing();
        throw err;
      }),
      this.manifests.head(to),
    ]);
    if (dst && dst.digest === m.digest) return m.digest;
    return this.manifests.put(to, m.bytes, m.mediaType);
  }

  /** Image or index copy; the returned destination digest equals the source digest. */
  copy(src: RefLike, dst: RefLike, opts: CopyOptions = {}): Promise<string> {
    return this.copier.copy(toReference(src), toReference(dst), opts);
  }

  /**
   * Removes one tag; every other tag (of the same digest too) survives. Resolves whether the
   * tag existed.
   */
  deleteTag(ref: RefLike): Promise<boolean> {
    return this.deleter.deleteTag(toReference(ref));
  }

  /**
   * Removes several tags of one repository; every other tag survives. Spec tag DELETE where the
   * registry has it; else (distribution 2.8) all of them are pointed at ONE unique empty-index
   * placeholder (one PUT each, no blob) deleted with ONE DELETE. `known` (tag -> digest and
   * media type the caller just read) saves the HEAD per tag.
   */
  deleteTags(
    repo: RefLike,
    tags: string[],
    known?: Record<string, KnownTag>,
  ): Promise<DeleteTagsResult> {
    return this.deleter.deleteTags(toReference(repo), tags, known);
  }

  /** Pushes an OCI image index over manifests already in the repository. */
  async putIndex(
    ref: RefLike,
    manifests: IndexEntry[],
    annotations?: Record<string, string>,
  ): Promise<string> {
    const r = toReference(ref);
    const index: Record<string, unknown> = {
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: manifests.map((m) => ({
        mediaType: m.mediaType,
        digest: m.digest,
        size: m.size,
        ...(m.platform ? { platform: m.platform } : {}),
      })),
    };
    if (annotations) index.annotations = annotations;
    const bytes = Buffer.from(JSON.stringify(index));
    return this.manifests.put(r, bytes, OCI_INDEX);
  }

  /** Closes keep-alive connections (tests, short-lived CLIs). */
  close(): void {
    this.transport.close();
  }
}

/** Like Promise.all, but waits for every promise before rejecting with the first failure. */
async function settled<T extends readonly unknown[]>(
  ps: readonly [...{ [K in keyof T]: Promise<T[K]> }],
): Promise<T> {
  const results = await Promise.allSettled(ps);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
