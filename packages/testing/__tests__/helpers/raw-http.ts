// A bare node:http client for the proxy tests: the proxy must be observed by a plain HTTP
// client, with no retry or redirect logic of its own.
import { createHash } from 'node:crypto';
import { Agent, IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export const sha256 = (b: Buffer | string) =>
  'sha256:' + createHash('sha256').update(b).digest('hex');

export function call(
  method: string,
  url: string,
  opts: {
    headers?: Record<string, string>;
    body?: Buffer | string | Readable;
    agent?: Agent;
    /** CA for https URLs. */
    ca?: string;
  } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = url.startsWith('https:') ? httpsRequest : httpRequest;
    const req = request(
      url,
      { method, headers: opts.headers, agent: opts.agent, ca: opts.ca },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('aborted', () =>
          reject(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })),
        );
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
      },
    );
    req.on('error', reject);
    const b = opts.body;
    if (b instanceof Readable) b.pipe(req);
    else req.end(b);
  });
}

/** Headers (Authorization) and CA for a registry. */
export interface Auth {
  headers?: Record<string, string>;
  ca?: string;
}

/** Monolithic blob upload (POST then PUT to the returned Location) through `base`. */
export async function pushBlob(
  base: string,
  repo: string,
  data: Buffer | string,
  auth: Auth = {},
): Promise<string> {
  const digest = sha256(data);
  const start = await call('POST', `${base}/v2/${repo}/blobs/uploads/`, auth);
  if (start.status !== 202) throw new Error(`POST upload: ${start.status}`);
  const loc = new URL(String(start.headers.location), base);
  loc.searchParams.set('digest', digest);
  const put = await call('PUT', loc.toString(), {
    ca: auth.ca,
    headers: { ...auth.headers, 'content-type': 'application/octet-stream' },
    body: data,
  });
  if (put.status !== 201) throw new Error(`PUT upload: ${put.status} ${put.body}`);
  return digest;
}

export const MANIFEST_TYPE = 'application/vnd.docker.distribution.manifest.v2+json';

/** A valid one-layer image manifest whose blobs are pushed first; returns its bytes. */
export async function pushImage(
  base: string,
  repo: string,
  tag: string,
  auth: Auth = {},
): Promise<Buffer> {
  const config = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    rootfs: { type: 'layers', diff_ids: [] },
  });
  const layer = Buffer.from(`layer of ${repo}:${tag}`);
  const cd = await pushBlob(base, repo, config, auth);
  const ld = await pushBlob(base, repo, layer, auth);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MANIFEST_TYPE,
      config: {
        mediaType: 'application/vnd.docker.container.image.v1+json',
        size: config.length,
        digest: cd,
      },
      layers: [
        {
          mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
          size: layer.length,
          digest: ld,
        },
      ],
    }),
  );
  const put = await call('PUT', `${base}/v2/${repo}/manifests/${tag}`, {
    ca: auth.ca,
    headers: { ...auth.headers, 'content-type': MANIFEST_TYPE },
    body: manifest,
  });
  if (put.status !== 201) throw new Error(`PUT manifest: ${put.status} ${put.body}`);
  return manifest;
}

/** The error code of a rejected call (ECONNRESET, ECONNREFUSED, …). */
export async function errorCode(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return String((e as { code?: string }).code ?? (e as Error).message);
  }
  throw new Error('expected the request to fail');
}
