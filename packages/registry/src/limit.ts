/**
 * p-limit 6 is ESM-only. With TS `module: Node16` this dynamic import survives compilation to
 * CommonJS, and jest transforms p-limit. Other packages import `createLimit` from here.
 */
export type Limit = <T>(fn: () => Promise<T>) => Promise<T>;

let loaded: Promise<(n: number) => Limit> | undefined;

function load(): Promise<(n: number) => Limit> {
  loaded ??= import('p-limit').then((m) => m.default as unknown as (n: number) => Limit);
  return loaded;
}

/** A concurrency limiter usable before p-limit has loaded (it loads on first use). */
export function createLimit(concurrency: number): Limit {
  let limit: Promise<Limit> | undefined;
  return <T>(fn: () => Promise<T>): Promise<T> => {
    limit ??= load().then((pLimit) => pLimit(concurrency));
    return limit.then((l) => l(fn));
  };
}

/** Runs `fn` over `items` with at most `concurrency` in flight; rejects on the first failure. */
export async function mapLimit<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const limit = createLimit(concurrency);
  return Promise.all(items.map((item, i) => limit(() => fn(item, i))));
}

/** Serialises tasks per key (e.g. manifest writes per repository), parallel across keys. */
export class KeyedMutex {
  private tails = new Map<string, Promise<unknown>>();
  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}
