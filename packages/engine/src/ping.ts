import { request } from 'node:http';
import type { Agent } from 'node:http';
import type { DockerOptions } from 'dockerode';
import { loadDockerode } from './dockerode';
import { EngineError } from './errors';
import type { EngineInfo } from './types';

/** Highest Docker API version this adapter speaks; lower server versions are used as is. */
export const MAX_API_VERSION = '1.44';

interface PingHeaders {
  apiVersion?: string;
  server?: string;
  libpod?: string;
  builderVersion?: string;
}

function pingHttp(options: DockerOptions): Promise<PingHeaders> {
  return new Promise((resolve, reject) => {
    const req = request(
      // agent: false: a one-off connection, closed after the answer. Node's global agent keeps
      // it alive, which held a test worker (or a short CLI run) open after the role finished.
      options.socketPath
        ? { socketPath: options.socketPath, path: '/_ping', method: 'GET', agent: false }
        : {
            host: options.host,
            port: options.port,
            path: '/_ping',
            method: 'GET',
            // An SSH-forwarded engine brings its own agent (the tunnel); otherwise one-off.
            agent: (options as { agent?: Agent }).agent ?? false,
          },
      (res) => {
        res.resume();
        if ((res.statusCode ?? 500) >= 400)
          return reject(new EngineError(`/_ping answered ${res.statusCode}`));
        const h = res.headers;
        resolve({
          apiVersion: h['api-version'] as string | undefined,
          server: h['server'] as string | undefined,
          libpod: h['libpod-api-version'] as string | undefined,
          builderVersion: h['builder-version'] as string | undefined,
        });
      },
    );
    req.on('error', reject);
    req.setTimeout(30000, () => req.destroy(new EngineError('/_ping timed out')));
    req.end();
  });
}

/** Lower of two `1.NN` API versions. */
export function minApiVersion(a: string, b: string): string {
  const [a1, a2] = a.split('.').map(Number);
  const [b1, b2] = b.split('.').map(Number);
  return a1 < b1 || (a1 === b1 && a2 < b2) ? a : b;
}

/**
 * `GET /_ping` (plain HTTP or unix socket) to learn the engine and its API version; over ssh or
 * https the headers are not reachable through dockerode, so `GET /version` answers instead.
 */
export async function negotiate(options: DockerOptions, endpoint: string): Promise<EngineInfo> {
  let h: PingHeaders;
  if (options.socketPath || options.protocol === 'http') {
    try {
      h = await pingHttp(options);
    } catch (err) {
      throw new EngineError(
        `cannot reach the container engine at ${endpoint}: ${(err as Error).message}`,
        undefined,
        {
          cause: err,
        },
      );
    }
  } else {
    const v = (await new (loadDockerode())(options).version()) as unknown as {
      ApiVersion: string;
      Version: string;
      Components?: { Name: string; Version: string }[];
    };
    const podman = v.Components?.find((c) => c.Name === 'Podman Engine');
    h = {
      apiVersion: v.ApiVersion,
      server: podman ? `Libpod/${podman.Version}` : `Docker/${v.Version}`,
      libpod: podman?.Version,
    };
  }
  const server = h.server ?? '';
  const kind = h.libpod || server.startsWith('Libpod') ? 'podman' : 'docker';
  return {
    kind,
    version: server.includes('/') ? (server.split('/')[1].split(' ')[0] ?? server) : server,
    apiVersion: minApiVersion(h.apiVersion ?? '1.41', MAX_API_VERSION),
    builderVersion: h.builderVersion ?? '',
    endpoint,
  };
}
