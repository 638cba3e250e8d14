import { EngineError, readJsonStream } from '@zuul-ts/engine';
import type { StreamMessage } from '@zuul-ts/engine';
import { Readable } from 'node:stream';

function chunks(...parts: string[]): Readable {
  return Readable.from(parts.map((p) => Buffer.from(p)));
}

test('messages split across chunks and CRLF terminators are reassembled', async () => {
  const got: StreamMessage[] = [];
  await readJsonStream(
    chunks(
      '{"stream":"Step 1/2 : FR',
      'OM scratch\\n"}\r\n{"aux":{"ID":"sha256:ab"}}\r',
      '\n{"status":"x"}',
    ),
    (m) => got.push(m),
  );
  expect(got).toEqual([
    { stream: 'Step 1/2 : FROM scratch\n' },
    { aux: { ID: 'sha256:ab' } },
    { status: 'x' },
  ]);
});

test('errorDetail inside a 200 stream rejects with the message and context', async () => {
  const got: StreamMessage[] = [];
  const err = await readJsonStream(
    chunks(
      '{"status":"Preparing"}\n{"errorDetail":{"message":"unauthorized: authentication required"},"error":"unauthorized"}\n{"status":"never"}\n',
    ),
    (m) => got.push(m),
    (m) => `push x: ${m}`,
  ).catch((e) => e);
  expect(err).toBeInstanceOf(EngineError);
  expect(err.message).toBe('push x: unauthorized: authentication required');
  expect(got).toEqual([{ status: 'Preparing' }]);
});

test('a legacy top-level error string alone also fails', async () => {
  const err = await readJsonStream(chunks('{"error":"boom"}'), () => undefined).catch((e) => e);
  expect(err.message).toBe('boom');
});
