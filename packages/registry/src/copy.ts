import type { Blobs } from './blobs';
import { RegistryError } from './errors';
import { isIndex } from './media-types';
import type { Manifests } from './manifests';
import { TransferMeter } from './progress';
import { formatReference } from './reference';
import { sleep, type Transport } from './transport';
import { platformMatches } from './platform';
import type { CopyOptions, Descriptor, ImageReference } from './types';

type MeteredOptions = CopyOptions & { meter?: TransferMeter };

interface ManifestJson {
  mediaType?: string;
  config?: Descriptor;
  layers?: Descriptor[];
  manifests?: Descriptor[];
  subject?: Descriptor;
}

/**
 * skopeo-copy equivalent: blobs, then child manifests by digest, then
 * the top manifest with its ORIGINAL bytes, so the destination digest equals the source's.
 * Blobs already present are skipped (HEAD), mounted within one registry, else streamed.
 */
export class Copier {
  /** Blob transfers de-duplicated by destination repository + digest. */
  private readonly inflight = new Map<string, Promise<void>>();

  constructor(
    private readonly t: Transport,
    private readonly manifests: Manifests,
    private readonly blobs: Blobs,
  ) {}

  async copy(src: ImageReference, dst: ImageReference, opts: CopyOptions = {}): Promise<string> {
    if (!opts.onBytes) return this.copyOnce(src, dst, opts);
    const meter = new TransferMeter(opts.onBytes);
    try {
      return await this.copyOnce(src, dst, { ...opts, meter });
    } finally {
      meter.finish();
    }
  }

  private async copyOnce(
    src: ImageReference,
    dst: ImageReference,
    opts: MeteredOptions,
  ): Promise<string> {
    // "Is it already there?" first: the destination HEAD runs alongside the source GET.
    const [top, existing] = await Promise.all([
      this.manifests.get(src),
      dst.tag || dst.digest
        ? this.manifests
            .head({ ...dst, digest: dst.tag ? undefined : dst.digest })
            .catch(() => undefined)
        : undefined,
    ]);
    let bytes = top.bytes;
    let mediaType = top.mediaType;
    let digest = top.digest;
    let children: string[] = [];
    if (isIndex(mediaType)) {
      const index = JSON.parse(bytes.toString('utf8')) as ManifestJson;
      if (opts.allPlatforms === false) {
        const want = { os: 'linux', architecture: 'amd64', ...(opts.platform ?? {}) };
        const child = (index.manifests ?? []).find((m) => platformMatches(m.platform, want));
        if (!child)
          throw new RegistryError({
            message: `copy ${formatReference(src)}: no manifest for platform ${want.os}/${want.architecture}`,
            operation: 'copy',
            reference: formatReference(src),
          });
        const got = await this.manifests.get({ ...src, tag: undefined, digest: child.digest });
        ({ bytes, mediaType, digest } = got);
      } else {
        children = (index.manifests ?? []).map((m) => m.digest);
      }
    }
    if (existing?.digest === digest) return digest;
    // Same repository: everything the manifest references is already there (a retag).
    const sameRepo = src.registry === dst.registry && src.repository === dst.repository;
    if (!sameRepo) {
      if (children.length) await settleAll(children.map((c) => this.copyImage(src, dst, c, opts)));
      else if (!isIndex(mediaType)) await this.copyBlobsOf(src, dst, bytes, opts);
    }
    const out = await this.manifests.put(withTarget(dst, digest), bytes, mediaType);
    opts.onProgress?.({ kind: 'manifest', digest: out, size: bytes.length });
    return out;
  }

  /** One child image manifest: its blobs, then the manifest by digest. */
  private async copyImage(
    src: ImageReference,
    dst: ImageReference,
    digest: string,
    opts: MeteredOptions,
  ) {
    const dstByDigest = { ...dst, tag: undefined, digest };
    // As for blobs (and the top-level HEAD in copy()): an unanswerable HEAD means "copy it".
    const existing = await this.manifests.head(dstByDigest).catch(() => undefined);
    if (existing?.digest === digest) return;
    const m = await this.manifests.get({ ...src, tag: undefined, digest });
    if (isIndex(m.mediaType)) {
      // Nested index (rare): recurse into its children first.
      const nested = JSON.parse(m.bytes.toString('utf8')) as ManifestJson;
      await settleAll(
        (nested.manifests ?? []).map((c) => this.copyImage(src, dst, c.digest, opts)),
      );
    } else {
      await this.copyBlobsOf(src, dst, m.bytes, opts);
    }
    await this.manifests.put(dstByDigest, m.bytes, m.mediaType);
    opts.onProgress?.({ kind: 'manifest', digest, size: m.bytes.length });
  }

  private async copyBlobsOf(
    src: ImageReference,
    dst: ImageReference,
    bytes: Buffer,
    opts: MeteredOptions,
  ) {
    const m = JSON.parse(bytes.toString('utf8')) as ManifestJson;
    const descs = [...(m.config ? [m.config] : []), ...(m.layers ?? [])];
    await settleAll(descs.map((d) => this.copyBlob(src, dst, d, opts)));
  }

  copyBlob(
    src: ImageReference,
    dst: ImageReference,
    d: Descriptor,
    opts: MeteredOptions,
  ): Promise<void> {
    const key = `${dst.registry}/${dst.repository}@${d.digest}`;
    let p = this.inflight.get(key);
    if (!p) {
      p = this.t.hostLimit(dst.registry)(() => this.transferBlob(src, dst, d, opts));
      this.inflight.set(key, p);
      void p.finally(() => this.inflight.delete(key)).catch(() => undefined);
    }
    return p;
  }

  private async transferBlob(
    src: ImageReference,
    dst: ImageReference,
    d: Descriptor,
    opts: MeteredOptions,
  ) {
    // The HEAD only saves work: when the registry cannot answer it (a registry killed mid-write
    // leaves a link it answers 500 for), upload anyway — the PUT rewrites the link, and a real
    // outage fails the upload with its own error (a registry killed mid-copy).
    if ((await this.blobs.head(dst, d.digest).catch(() => undefined)) !== undefined) {
      opts.onProgress?.({ kind: 'blob-skip', digest: d.digest, size: d.size });
      return;
    }
    const sameRegistry = src.registry === dst.registry;
    if (sameRegistry && src.repository !== dst.repository) {
      if (await this.blobs.mount(dst, d.digest, src.repository)) {
        opts.onProgress?.({ kind: 'blob-mount', digest: d.digest, size: d.size });
        return;
      }
    }
    // A consumed stream cannot be replayed: retry the whole GET+upload instead.
    for (let attempt = 0; ; attempt++) {
      let sourceFailed: unknown;
      try {
        // Not hashed here: the destination verifies the digest of every upload and refuses a
        // mismatch (copy.test.ts: a corrupted source fails the copy), so hashing again in the
        // client would only cost CPU on the hot path.
        const raw = await this.blobs.stream(src, d.digest, d.size, false);
        const stream = opts.meter ? opts.meter.track(raw, d.size) : raw;
        stream.on('error', (e) => (sourceFailed ??= e));
        try {
          await this.blobs.upload(dst, d.digest, d.size, () => stream, false);
        } finally {
          // Unread (upload failed before its PUT) or done: release the source connection.
          stream.destroy();
        }
        break;
      } catch (err) {
        const temporary =
          err instanceof RegistryError
            ? err.temporary
            : isStreamFailure(err) || (sourceFailed !== undefined && isStreamFailure(sourceFailed));
        if (!temporary || attempt + 1 >= this.t.attempts) throw err;
        await sleep(
          this.t.backoff(attempt, err instanceof RegistryError ? err.retryAfter : undefined),
        );
      }
    }
    opts.onProgress?.({ kind: 'blob-upload', digest: d.digest, size: d.size });
  }
}

/** Connection-level failures of a streamed transfer (not a digest mismatch: that is content). */
function isStreamFailure(err: unknown): boolean {
  const e = err as { code?: string; message?: string; cause?: { code?: string } };
  const code = e?.code ?? e?.cause?.code ?? '';
  if (/digest mismatch|size mismatch/.test(e?.message ?? '')) return false;
  return (
    [
      'ECONNRESET',
      'EPIPE',
      'ERR_STREAM_PREMATURE_CLOSE',
      'ECONNABORTED',
      'ERR_BAD_RESPONSE',
    ].includes(code) || /aborted|socket hang up|premature close/i.test(e?.message ?? '')
  );
}

/** The destination: by tag when it has one, else by the content digest. */
function withTarget(dst: ImageReference, digest: string): ImageReference {
  return dst.tag ? { ...dst, digest: undefined } : { ...dst, tag: undefined, digest };
}

/**
 * Promise.all that settles only once every transfer has: with Promise.all a failed copy
 * returned while sibling blob uploads kept retrying in the background and wrote to the
 * registry after the job had reported failure (a registry killed mid-copy shows it). Throws the first failure.
 */
async function settleAll(tasks: Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(tasks);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
}
