/**
 * The one retry policy: which failures are transient, how long to wait between attempts, and
 * how many attempts. The registry client retries single HTTP requests with it; the roles retry
 * whole operations (an engine push, a tag API call) with `withRetry`.
 */

/**
 * HTTP statuses worth another attempt: timeouts (408, 499 client closed request at a proxy,
 * 504, 522), rate limits (429) and server failures that pass (500, 502, 503). 501 Not
 * Implemented is a permanent answer and is not retried.
 */
export const TRANSIENT_STATUS: ReadonlySet<number> = new Set([
  408, 429, 499, 500, 502, 503, 504, 522,
]);

export function isTransientStatus(status: number): boolean {
  return TRANSIENT_STATUS.has(status);
}

export interface RetryPolicy {
  /** Total attempts including the first. */
  attempts: number;
  /** The first delay in ms; doubled each attempt up to `maxDelayMs`. */
  baseDelayMs: number;
  /** Upper bound for one delay. */
  maxDelayMs: number;
}

/** One HTTP request of the registry client: cheap to repeat, so more and shorter waits. */
export const REQUEST_RETRY: Readonly<RetryPolicy> = {
  attempts: 6,
  baseDelayMs: 200,
  maxDelayMs: 5000,
};

/**
 * A whole role operation (an engine push, a tag API call). zuul-jobs repeats such a task with
 * `retries: 3` (four attempts) and a fixed 30 s `delay`; this keeps the attempts and waits a
 * short growing time instead.
 */
export const OPERATION_RETRY: Readonly<RetryPolicy> = {
  attempts: 4,
  baseDelayMs: 1000,
  maxDelayMs: 15000,
};

/**
 * The wait before attempt `attempt + 1` (0-based `attempt`): exponential, capped, with "equal
 * jitter" (half fixed, half random) so parallel clients spread out; never shorter than the
 * server's Retry-After (seconds).
 */
export function backoffDelay(
  attempt: number,
  policy: Pick<RetryPolicy, 'baseDelayMs' | 'maxDelayMs'>,
  retryAfterSeconds?: number,
): number {
  const exp = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  const jittered = exp / 2 + Math.random() * (exp / 2);
  return Math.max(jittered, (retryAfterSeconds ?? 0) * 1000);
}

export interface WithRetryOptions extends Partial<RetryPolicy> {
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

/** Runs `fn` until it succeeds, a failure is not retryable, or the attempts are used up. */
export async function withRetry<T>(
  fn: (attempt: number) => Promise<T>,
  options: WithRetryOptions = {},
): Promise<T> {
  const policy: RetryPolicy = { ...OPERATION_RETRY, ...definedOnly(options) };
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      if (attempt >= policy.attempts || options.signal?.aborted) throw err;
      if (options.retryable && !options.retryable(err)) throw err;
      const delay = backoffDelay(attempt - 1, policy);
      options.onRetry?.(err, attempt, delay);
      await sleep(delay, options.signal);
    }
  }
}

function definedOnly(options: WithRetryOptions): Partial<RetryPolicy> {
  const out: Partial<RetryPolicy> = {};
  if (options.attempts !== undefined) out.attempts = options.attempts;
  if (options.baseDelayMs !== undefined) out.baseDelayMs = options.baseDelayMs;
  if (options.maxDelayMs !== undefined) out.maxDelayMs = options.maxDelayMs;
  return out;
}
