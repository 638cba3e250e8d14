import type { FaultProxy } from '@zuul-ts/testing';

const WRITE_METHODS = ['PUT', 'POST', 'PATCH', 'DELETE'];

/** Registry writes (PUT/POST/PATCH/DELETE of any kind) the proxy has seen since its last reset. */
export function registryWrites(proxy: FaultProxy): number {
  const byMethodKind = proxy.stats().byMethodKind;
  let n = 0;
  for (const [k, v] of Object.entries(byMethodKind))
    if (WRITE_METHODS.includes(k.split(' ')[0])) n += v;
  return n;
}

/**
 * Blob uploads completed (201 on the closing PUT, or on a monolithic POST ?digest=) since the
 * last reset: what a resumed copy must not repeat.
 */
export function blobUploads(proxy: FaultProxy): number {
  return proxy
    .stats()
    .log.filter(
      (e) =>
        e.kind === 'upload' &&
        e.status === 201 &&
        (e.method === 'PUT' || (e.method === 'POST' && /[?&]digest=/.test(e.path))),
    ).length;
}

/** Faults injected since the last reset. */
export function faultsInjected(proxy: FaultProxy): number {
  return proxy.stats().faults.total;
}
