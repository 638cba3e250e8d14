import { request } from 'node:https';

/**
 * The status of one HTTPS GET (body drained), trusting only `ca`: how a test checks what a
 * TLS registry answers a given Authorization, or that its certificate is refused without the CA.
 */
export function httpsStatus(
  url: string,
  headers: Record<string, string>,
  ca?: string,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers, ca }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}
