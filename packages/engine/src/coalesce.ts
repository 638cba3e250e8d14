import { Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';

/**
 * Joins the many small pushes of a tar stream (a 512-byte header, a 10 KB file, its padding)
 * into chunks of about `size` bytes, so the HTTP upload to the engine writes ~64 KB chunks
 * instead of three tiny chunked-encoding frames per file. Holds at most one chunk.
 */
export function coalesce(size = 64 * 1024): Transform {
  let parts: Buffer[] = [];
  let length = 0;
  return new Transform({
    writableHighWaterMark: size,
    readableHighWaterMark: size,
    transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback) {
      if (length === 0 && chunk.length >= size) return cb(null, chunk);
      parts.push(chunk);
      length += chunk.length;
      if (length < size) return cb();
      const joined = Buffer.concat(parts, length);
      parts = [];
      length = 0;
      cb(null, joined);
    },
    flush(cb: TransformCallback) {
      cb(null, length ? Buffer.concat(parts, length) : undefined);
    },
  });
}
