import { leakError, reapLeftovers, RUN_MARKER } from '.';

/** Jest globalTeardown: fails the run when a process the tests started is still alive. */
export default async function globalTeardown(): Promise<void> {
  const marker = process.env[RUN_MARKER];
  if (!marker) return;
  const left = await reapLeftovers(marker);
  if (left.length > 0) throw leakError(left);
}
