import { sha256 } from './digest';
import { RegistryError } from './errors';
import { KeyedMutex } from './limit';
import { MANIFEST_ACCEPT, baseMediaType } from './media-types';
import { formatReference, manifestReference } from './reference';
import * as scope from './scopes';
import { sleep, type Transport } from './transport';
import type { ImageReference, ManifestHead, ManifestResult } from './types';

const path = (ref: ImageReference, tagOrDigest = manifestReference(ref)) =>
  `/v2/${ref.repository}/manifests/${tagOrDigest}`;

/** Manifest HEAD/GET/PUT/DELETE with exact bytes and verified digests. */
export class Manifests {
  /** Per-repository lane for manifest writes that hit distribution 2.8's MANIFEST_INVALID race. */
  private readonly writes = new KeyedMutex();

  constructor(private readonly t: Transport) {}

  async head(ref: ImageReference): Promise<ManifestHead | undefined> {
    const res = await this.t.request({
      method: 'HEAD',
      registry: ref.registry,
      path: path(ref),
      headers: { accept: MANIFEST_ACCEPT },
      scopes: [scope.pull(ref.repository)],
      operation: 'HEAD manifest',
      reference: formatReference(ref),
      accept: [404],
    });
    if (res.status === 404) return undefined;
    const digest = res.headers['docker-content-digest'];
    const mediaType = baseMediaType(res.headers['content-type']);
    const size = Number(res.headers['content-length'] ?? NaN);
    if (!digest || !mediaType || !Number.isFinite(size)) {
      // Older registries omit the digest on HEAD: fall back to GET + hash.
      const got = await this.get(ref);
      return { digest: got.digest, mediaType: got.mediaType, size: got.bytes.length };
    }
    return { digest, mediaType, size };
  }

  async get(ref: ImageReference): Promise<ManifestResult> {
    const reference = formatReference(ref);
    const res = await this.t.request({
      method: 'GET',
      registry: ref.registry,
      path: path(ref),
      headers: { accept: MANIFEST_ACCEPT },
      scopes: [scope.pull(ref.repository)],
      operation: 'GET manifest',
      reference,
    });
    const bytes = res.data;
    const digest = sha256(bytes);
    const mediaType = baseMediaType(res.headers['content-type']) || mediaTypeOf(bytes);
    const expected = ref.digest ?? res.headers['docker-content-digest'];
    if (expected && expected.startsWith('sha256:') && expected !== digest)
      throw new RegistryError({
        message: `GET manifest ${reference}: content digest ${digest} does not match ${expected}`,
        operation: 'GET manifest',
        reference,
      });
    if (mediaType.includes('prettyjws'))
      throw new RegistryError({
        message: `GET manifest ${reference}: schema 1 manifests are not supported`,
        operation: 'GET manifest',
        reference,
      });
    return { bytes, mediaType, digest };
  }

  /** PUT exact bytes; returns the digest (checked against the registry's answer). */
  async put(ref: ImageReference, bytes: Buffer, mediaType: string): Promise<string> {
    return (await this.putChecked(ref, bytes, mediaType)).digest;
  }

  /**
   * PUT exact bytes; `confirmed` when the registry answered with `Docker-Content-Digest` (always
   * equal to `digest`: a different answer throws), so no HEAD is needed to verify the tag.
   */
  async putChecked(
    ref: ImageReference,
    bytes: Buffer,
    mediaType: string,
  ): Promise<{ digest: string; confirmed: boolean }> {
    const reference = formatReference(ref);
    const digest = sha256(bytes);
    if (ref.digest && ref.digest !== digest)
      throw new RegistryError({
        message: `PUT manifest ${reference}: content digest ${digest} does not match the reference`,
        operation: 'PUT manifest',
        reference,
      });
    const key = `${ref.registry}/${ref.repository}`;
    const put = () =>
      this.t.request({
        method: 'PUT',
        registry: ref.registry,
        path: path(ref, ref.tag && !ref.digest ? ref.tag : manifestReference(ref)),
        headers: { 'content-type': mediaType },
        body: bytes,
        scopes: [scope.push(ref.repository)],
        operation: 'PUT manifest',
        reference,
      });
    let res;
    try {
      // Optimistic: in parallel, like a raw client (serialising every PUT made 15 retags
      // into one repository 4x slower than a raw keep-alive client).
      res = await put();
    } catch (err) {
      if (!(err instanceof RegistryError) || !err.hasCode('MANIFEST_INVALID')) throw err;
      // distribution 2.8 answers concurrent manifest PUTs into one repository with
      // MANIFEST_INVALID: retry serialised per repository (parallel across repositories).
      res = await this.writes.run(key, () => this.retryInvalid(put));
    }
    const answered = res.headers['docker-content-digest'];
    if (answered && answered !== digest)
      throw new RegistryError({
        message: `PUT manifest ${reference}: registry stored ${answered}, expected ${digest}`,
        operation: 'PUT manifest',
        reference,
      });
    return { digest, confirmed: answered === digest };
  }

  /**
   * Retries MANIFEST_INVALID with backoff (other processes — two jobs on one repository — can
   * keep racing us) before believing the manifest is really invalid.
   */
  private async retryInvalid<T>(fn: () => Promise<T>): Promise<T> {
    for (let i = 0; ; i++) {
      try {
        return await fn();
      } catch (err) {
        if (!(err instanceof RegistryError) || !err.hasCode('MANIFEST_INVALID') || i >= 3)
          throw err;
        await sleep(this.t.backoff(i));
      }
    }
  }

  /** DELETE by digest (a tag here would, on distribution 2.8, not do what you think). */
  async delete(
    ref: ImageReference,
    opts: { notFoundOk?: boolean; retry?: boolean } = {},
  ): Promise<boolean> {
    const reference = formatReference(ref);
    if (!ref.digest)
      throw new RegistryError({
        message: `DELETE manifest ${reference}: a digest is required (deleting by digest removes every tag of it; use deleteTag for one tag)`,
        operation: 'DELETE manifest',
        reference,
      });
    const res = await this.writes.run(`${ref.registry}/${ref.repository}`, () =>
      this.t.request({
        method: 'DELETE',
        registry: ref.registry,
        path: path(ref, ref.digest),
        scopes: [scope.del(ref.repository)],
        operation: 'DELETE manifest',
        reference,
        accept: opts.notFoundOk ? [404] : [],
        retry: opts.retry,
      }),
    );
    return res.status !== 404;
  }

  /** Spec tag DELETE (distribution v3, newer Quay). Returns the status for capability probing. */
  async deleteByTag(ref: ImageReference, tag: string): Promise<number> {
    const res = await this.writes.run(`${ref.registry}/${ref.repository}`, () =>
      this.t.request({
        method: 'DELETE',
        registry: ref.registry,
        path: path(ref, tag),
        scopes: [scope.del(ref.repository)],
        operation: 'DELETE tag',
        reference: formatReference({ ...ref, tag, digest: undefined }),
        // distribution 2.8 answers 400 (it parses the tag as a digest); others 404/405/501.
        accept: [400, 404, 405, 501],
      }),
    );
    return res.status;
  }
}

/** `mediaType` field of a manifest body (for registries that send no Content-Type). */
export function mediaTypeOf(bytes: Buffer): string {
  try {
    return String((JSON.parse(bytes.toString('utf8')) as { mediaType?: string }).mediaType ?? '');
  } catch {
    return '';
  }
}
