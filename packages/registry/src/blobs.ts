import { Readable } from 'node:stream';
import { sha256, verifyStream } from './digest';
import { RegistryError } from './errors';
import { formatReference } from './reference';
import * as scope from './scopes';
import { sleep, type HttpResponse, type Transport } from './transport';
import type { ImageReference } from './types';

const REDIRECTS = [301, 302, 303, 307, 308];

/** Blob HEAD, streamed GET (redirects without leaking Authorization), upload and mount. */
export class Blobs {
  constructor(private readonly t: Transport) {}

  private ref(repo: ImageReference, digest: string): string {
    return formatReference({ registry: repo.registry, repository: repo.repository, digest });
  }

  /** Size of the blob, or undefined when the repository does not have it. */
  async head(repo: ImageReference, digest: string): Promise<number | undefined> {
    const res = await this.t.request({
      method: 'HEAD',
      registry: repo.registry,
      path: `/v2/${repo.repository}/blobs/${digest}`,
      scopes: [scope.pull(repo.repository)],
      operation: 'HEAD blob',
      reference: this.ref(repo, digest),
      accept: [404, ...REDIRECTS],
    });
    if (res.status === 404) return undefined;
    return Number(res.headers['content-length'] ?? 0);
  }

  /**
   * Streams a blob, verifying its digest (and size) as it flows. Redirects to another host
   * (object storage, CDN) are followed without the registry's Authorization header.
   * `verify: false` hands over the raw response: only for a stream that goes straight into a
   * blob upload, where the destination registry checks the digest of what it received (the
   * distribution spec requires it) and refuses content that does not match.
   */
  async stream(
    repo: ImageReference,
    digest: string,
    size?: number,
    verify = true,
  ): Promise<Readable> {
    const reference = this.ref(repo, digest);
    let path = `/v2/${repo.repository}/blobs/${digest}`;
    let anonymous = false;
    for (let hop = 0; hop < 6; hop++) {
      const res: HttpResponse<Readable> = await this.t.request({
        method: 'GET',
        registry: repo.registry,
        path,
        scopes: [scope.pull(repo.repository)],
        operation: 'GET blob',
        reference,
        responseType: 'stream',
        accept: REDIRECTS,
        anonymous,
      });
      if (!REDIRECTS.includes(res.status)) {
        return verify ? verifyStream(res.data, digest, size) : res.data;
      }
      res.data.resume();
      const location = res.headers['location'];
      if (!location) break;
      const next = new URL(location, res.url);
      // Spec: never forward Authorization to another host.
      anonymous = anonymous || next.host !== new URL(res.url).host;
      path = next.toString();
    }
    throw new RegistryError({
      message: `GET blob ${reference}: too many redirects`,
      operation: 'GET blob',
      reference,
    });
  }

  async get(repo: ImageReference, digest: string): Promise<Buffer> {
    const s = await this.stream(repo, digest);
    const chunks: Buffer[] = [];
    for await (const c of s) chunks.push(c as Buffer);
    return Buffer.concat(chunks);
  }

  /**
   * `POST ?mount=<digest>&from=<src>` (always with `from`: Quay fails a mount without it).
   * Returns true when mounted (201); false when the registry opened an upload session
   * instead (202), which is cancelled — the caller then uploads normally.
   */
  async mount(dst: ImageReference, digest: string, from: string): Promise<boolean> {
    let res;
    try {
      res = await this.t.request({
        method: 'POST',
        registry: dst.registry,
        path: `/v2/${dst.repository}/blobs/uploads/`,
        query: { mount: digest, from },
        headers: { 'content-length': '0' },
        scopes: [scope.push(dst.repository), scope.pull(from)],
        operation: 'POST blob mount',
        reference: this.ref(dst, digest),
        accept: [202],
      });
    } catch (err) {
      // go-containerregistry: retry the upload without mount when the mount POST errors.
      if (err instanceof RegistryError && err.status >= 400 && err.status < 500) return false;
      throw err;
    }
    if (res.status === 201) return true;
    const location = res.headers['location'];
    if (location)
      await this.t
        .request({
          method: 'DELETE',
          registry: dst.registry,
          path: new URL(location, res.url).toString(),
          scopes: [scope.push(dst.repository)],
          operation: 'DELETE upload session',
          reference: this.ref(dst, digest),
          accept: [400, 401, 403, 404, 405],
          retry: false,
        })
        .catch(() => undefined);
    return false;
  }

  /**
   * Monolithic upload: POST a session, then `PUT <location>&digest=` with the whole body.
   * `body` is a Buffer or a stream factory. A replayable body is retried as a whole upload
   * (new session): retrying a PUT into a session the registry may already have closed
   * (reset after the write) would only earn BLOB_UPLOAD_UNKNOWN; a HEAD first tells whether
   * the blob landed. One-shot streams get one attempt — the caller re-opens the source.
   */
  async upload(
    repo: ImageReference,
    digest: string,
    size: number,
    body: Buffer | (() => Readable),
    replayable = Buffer.isBuffer(body),
  ): Promise<void> {
    const reference = this.ref(repo, digest);
    if (Buffer.isBuffer(body) && sha256(body) !== digest)
      throw new RegistryError({
        message: `upload ${reference}: content does not match its digest`,
        operation: 'PUT blob',
        reference,
      });
    const attempts = replayable ? this.t.attempts : 1;
    for (let attempt = 0; ; attempt++) {
      try {
        if (attempt > 0 && (await this.head(repo, digest)) !== undefined) return;
        return await this.uploadOnce(repo, digest, size, body, reference);
      } catch (err) {
        const e = err as RegistryError;
        const restart =
          e instanceof RegistryError &&
          (e.temporary || e.hasCode('BLOB_UPLOAD_UNKNOWN') || e.hasCode('BLOB_UPLOAD_INVALID'));
        if (!restart || attempt + 1 >= attempts) throw err;
        await sleep(this.t.backoff(attempt, e.retryAfter));
      }
    }
  }

  private async uploadOnce(
    repo: ImageReference,
    digest: string,
    size: number,
    body: Buffer | (() => Readable),
    reference: string,
  ): Promise<void> {
    const start = await this.t.request({
      method: 'POST',
      registry: repo.registry,
      path: `/v2/${repo.repository}/blobs/uploads/`,
      headers: { 'content-length': '0' },
      scopes: [scope.push(repo.repository)],
      operation: 'POST blob upload',
      reference,
      accept: [202],
      retry: false,
    });
    const location = start.headers['location'];
    if (!location)
      throw new RegistryError({
        message: `POST blob upload ${reference}: no Location in the answer`,
        status: start.status,
        operation: 'POST blob upload',
        reference,
      });
    // Keep every query parameter of Location (`_state`); add digest with URLSearchParams.
    const url = new URL(location, start.url);
    url.searchParams.set('digest', digest);
    // A failing source stream (digest mismatch, broken download) must fail this upload with
    // its own error, never as an unhandled 'error' event.
    let sourceError: unknown;
    const source = Buffer.isBuffer(body)
      ? body
      : () => {
          const s = body();
          s.on('error', (e) => (sourceError ??= e));
          return s;
        };
    let res;
    try {
      res = await this.t.request({
        method: 'PUT',
        registry: repo.registry,
        path: url.toString(),
        headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
        body: source,
        scopes: [scope.push(repo.repository)],
        operation: 'PUT blob',
        reference,
        retry: false,
      });
    } catch (err) {
      if (sourceError) throw sourceError;
      throw err;
    }
    if (sourceError) throw sourceError;
    const answered = res.headers['docker-content-digest'];
    if (answered && answered !== digest)
      throw new RegistryError({
        message: `PUT blob ${reference}: registry stored ${answered}`,
        operation: 'PUT blob',
        reference,
      });
  }

  /** Upload unless already present (HEAD first). */
  async ensure(repo: ImageReference, data: Buffer, digest = sha256(data)): Promise<string> {
    if ((await this.head(repo, digest)) === undefined)
      await this.upload(repo, digest, data.length, data);
    return digest;
  }
}
