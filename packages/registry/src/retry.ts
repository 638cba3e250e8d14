/**
 * Retry with exponential backoff and jitter for transient failures (network errors, 408/429/5xx).
 * zuul-jobs retries pushes/copies with a fixed 30 s `until` loop (retries 3, delay 30); this
 * keeps the attempt count and replaces the fixed sleep with a short growing one.
 */
export interface RetryOptions {
  /** Total attempts including the first (zuul-jobs `retries: 3` = 4 attempts). Default 4. */
  attempts?: number;
  /** First delay in ms; doubled each time, ±20% jitter. Default 1000. */
  baseDelayMs?: number;
  /** Upper bound for a single delay. Default 15000. */
  maxDelayMs?: number;
  /** Whether this error is worth another attempt. Default: every error. */
  retryable?: (err: unknown) => boolean;
  /** Called before each wait (e.g. to log `attempt 2/4 failed: …`). */
  onRetry?: (err: unknown, attempt: number, delayMs: number) => void;
  signal?: AbortSignal;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const attempts = options.attempts ?? 4;
  const base = options.baseDelayMs ?? 1000;
  const max = options.maxDelayMs ?? 15000;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= attempts || options.signal?.aborted) throw err;
      if (options.retryable && !options.retryable(err)) throw err;
      const delay = Math.min(max, base * 2 ** (attempt - 1)) * (0.8 + Math.random() * 0.4);
      options.onRetry?.(err, attempt, delay);
      await sleep(delay, options.signal);
    }
  }
}

/** HTTP statuses that mature registry clients retry (oci-distribution.md §10). */
export function isTransientStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status <= 504) || status === 522;
}
