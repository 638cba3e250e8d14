/** A failure reported by the engine (HTTP error or `errorDetail` inside a 200 stream). */
export class EngineError extends Error {
  constructor(
    message: string,
    readonly statusCode?: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'EngineError';
  }
}

/** Turn a dockerode/docker-modem rejection into an EngineError with the engine's own message. */
export function engineErrorFrom(err: unknown, what: string): EngineError {
  if (err instanceof EngineError) return err;
  const e = err as {
    statusCode?: number;
    json?: { message?: string; cause?: string } | null;
    message?: string;
  };
  const detail = e?.json?.message ?? e?.message ?? String(err);
  return new EngineError(`${what}: ${detail}`, e?.statusCode, { cause: err });
}

/** True when the engine said the object does not exist. */
export function isNotFound(err: unknown): boolean {
  return (err as { statusCode?: number })?.statusCode === 404;
}
