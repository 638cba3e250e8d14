import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { createServer } from 'node:net';

/** A port that was free on 127.0.0.1 a moment ago. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** Status of `GET <url>/v2/` (0 when nothing answers). */
export function probeRegistry(url: string, ca?: string): Promise<number> {
  return new Promise((resolve) => {
    const get = url.startsWith('https') ? httpsGet : httpGet;
    const req = get(`${url}/v2/`, { ca, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', () => resolve(0));
    req.on('timeout', () => req.destroy());
  });
}

/**
 * Waits until the registry answers `/v2/` (200, or 401 when it requires auth). `exited()`
 * returns a description when the process died, so a bad config fails fast with its output.
 */
export async function waitUntilServing(
  url: string,
  ca: string | undefined,
  exited: () => string | undefined,
  timeoutMs = 30000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const dead = exited();
    if (dead !== undefined) throw new Error(`docker-registry exited: ${dead}`);
    const status = await probeRegistry(url, ca);
    if (status === 200 || status === 401) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`docker-registry did not start at ${url}: ${exited() ?? 'still running'}`);
}
