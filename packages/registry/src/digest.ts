import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';

export function sha256(data: Buffer | string): string {
  return 'sha256:' + createHash('sha256').update(data).digest('hex');
}

export const DIGEST_RE = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/;

/**
 * Wraps a download so that it hashes what flows through and fails — when the consumer reaches
 * the end, never earlier and never unobserved — if the content does not match the expected
 * digest or size. Pull-based: nothing is read from `source` before the consumer reads.
 */
export function verifyStream(source: Readable, expected: string, expectedSize?: number): Readable {
  async function* verified(): AsyncGenerator<Buffer> {
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const chunk of source) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
    const got = 'sha256:' + hash.digest('hex');
    if (expected.startsWith('sha256:') && got !== expected)
      throw new Error(`blob digest mismatch: expected ${expected}, got ${got}`);
    if (expectedSize !== undefined && bytes !== expectedSize)
      throw new Error(`blob ${expected} size mismatch: expected ${expectedSize}, got ${bytes}`);
  }
  const out = Readable.from(verified(), { objectMode: false });
  out.once('close', () => source.destroy());
  return out;
}
