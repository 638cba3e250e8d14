/**
 * Waits for every promise, then rejects with the first failure (in list order) or resolves to
 * all values. Unlike Promise.all, no copy is still running when the role reports its failure.
 */
export async function settleAll<T>(promises: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
}
