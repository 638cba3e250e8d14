import type { Readable } from 'node:stream';
import { EngineError } from './errors';
import type { StreamMessage } from './types';

/**
 * Read a newline-delimited JSON stream (build, push, pull) message by message. Chunks may split
 * a message; `\r\n` and `\n` both end one. The engines answer HTTP 200 before doing any work, so
 * a failure arrives as `errorDetail`/`error` inside the stream: the returned promise rejects with
 * that message (after `describeFailure` adds context such as the failing build step).
 */
export function readJsonStream(
  stream: Readable,
  onMessage: (msg: StreamMessage) => void,
  describeFailure: (message: string) => string = (m) => m,
): Promise<void> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    let failed = false;
    const fail = (err: Error) => {
      if (failed) return;
      failed = true;
      stream.destroy();
      reject(err);
    };
    const handleLine = (line: string) => {
      const text = line.trim();
      if (!text) return;
      let msg: StreamMessage;
      try {
        msg = JSON.parse(text) as StreamMessage;
      } catch {
        // podman/docker only write JSON here; keep a non-JSON line as plain progress.
        msg = { stream: text };
      }
      const error = msg.errorDetail?.message ?? msg.error;
      if (error) return fail(new EngineError(describeFailure(error)));
      onMessage(msg);
    };
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      buffer += chunk;
      let nl = buffer.indexOf('\n');
      while (nl >= 0 && !failed) {
        handleLine(buffer.slice(0, nl));
        buffer = buffer.slice(nl + 1);
        nl = buffer.indexOf('\n');
      }
    });
    stream.on('end', () => {
      if (!failed) handleLine(buffer);
      if (!failed) resolve();
    });
    stream.on('error', (err) => fail(err));
  });
}
