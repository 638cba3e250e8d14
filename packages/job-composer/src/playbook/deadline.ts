/** A timer-backed abort signal (Zuul's job/pre/post timeouts), combined with a parent signal. */
export interface Deadline {
  signal: AbortSignal;
  /** True when this deadline (not the parent) fired. */
  timedOut(): boolean;
  clear(): void;
}

export function deadline(seconds: number | null | undefined, parent?: AbortSignal): Deadline {
  const controller = new AbortController();
  let fired = false;
  const timer =
    seconds !== null && seconds !== undefined && seconds > 0
      ? setTimeout(() => {
          fired = true;
          controller.abort(new Error(`timed out after ${seconds} s`));
        }, seconds * 1000)
      : undefined;
  timer?.unref();
  const onParent = () => controller.abort(parent?.reason);
  if (parent?.aborted) onParent();
  else parent?.addEventListener('abort', onParent, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => fired,
    clear() {
      if (timer) clearTimeout(timer);
      parent?.removeEventListener('abort', onParent);
    },
  };
}

/**
 * Runs `work`, rejecting as soon as `signal` aborts: a role that ignores its signal still stops
 * the playbook (Zuul kills ansible-playbook on a timeout). The listener is removed afterwards.
 */
export async function raceAbort<T>(signal: AbortSignal, work: () => Promise<T>): Promise<T> {
  if (signal.aborted) throw reasonOf(signal);
  let onAbort = () => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(reasonOf(signal));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work(), aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

function reasonOf(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error('aborted');
}
