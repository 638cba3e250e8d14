import { createHash } from 'node:crypto';
import { Transform, TransformCallback } from 'node:stream';

export function sha256(data: Buffer | string): string {
  return 'sha256:' + createHash('sha256').update(data).digest('hex');
}

export const DIGEST_RE = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;

/**
 * A pass-through stream that hashes what flows through it and fails the stream (so the
 * upload aborts) when the content does not match the expected digest or size.
 */
export class DigestVerifier extends Transform {
  private hash = createHash('sha256');
  private bytes = 0;
  constructor(
    private readonly expected: string,
    private readonly expectedSize?: number,
  ) {
    super();
  }
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    cb(null, chunk);
  }
  override _flush(cb: TransformCallback): void {
    const got = 'sha256:' + this.hash.digest('hex');
    if (this.expected.startsWith('sha256:') && got !== this.expected)
      return cb(new Error(`blob digest mismatch: expected ${this.expected}, got ${got}`));
    if (this.expectedSize !== undefined && this.bytes !== this.expectedSize)
      return cb(
        new Error(
          `blob ${this.expected} size mismatch: expected ${this.expectedSize}, got ${this.bytes}`,
        ),
      );
    cb();
  }
}
