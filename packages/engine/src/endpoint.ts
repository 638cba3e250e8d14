import type { DockerOptions } from 'dockerode';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineKind } from './types';

/**
 * Which endpoint to talk to. Order: an explicit endpoint (host var `container_engine_host`),
 * then the environment: `DOCKER_HOST` for docker; `CONTAINER_HOST`, then
 * `ZUUL_TS_PODMAN_HOST` for podman; then the engine's standard socket.
 */
export function resolveEndpoint(
  kind: EngineKind,
  explicit?: string,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (explicit) return explicit;
  if (kind === 'docker') return env.DOCKER_HOST || 'unix:///var/run/docker.sock';
  if (env.CONTAINER_HOST) return env.CONTAINER_HOST;
  if (env.ZUUL_TS_PODMAN_HOST) return env.ZUUL_TS_PODMAN_HOST;
  const uid = typeof process.getuid === 'function' ? process.getuid() : 0;
  if (uid !== 0 && env.XDG_RUNTIME_DIR) return `unix://${env.XDG_RUNTIME_DIR}/podman/podman.sock`;
  return 'unix:///run/podman/podman.sock';
}

/** dockerode connection options for `unix://`, `tcp://`/`http(s)://` and `ssh://` endpoints. */
export function dockerodeOptions(
  endpoint: string,
  env: NodeJS.ProcessEnv = process.env,
): DockerOptions {
  if (endpoint.startsWith('unix://')) return { socketPath: endpoint.slice('unix://'.length) };
  if (endpoint.startsWith('/')) return { socketPath: endpoint };
  const url = new URL(endpoint);
  if (url.protocol === 'ssh:') {
    return {
      protocol: 'ssh',
      host: url.hostname,
      port: url.port ? Number(url.port) : 22,
      username: url.username || undefined,
      sshOptions: { agent: env.SSH_AUTH_SOCK },
    } as DockerOptions;
  }
  const tls = url.protocol === 'https:' || env.DOCKER_TLS_VERIFY === '1';
  const options: DockerOptions = {
    protocol: tls ? 'https' : 'http',
    host: url.hostname,
    port: url.port ? Number(url.port) : tls ? 2376 : 2375,
  };
  // The docker CLI's client certificates: $DOCKER_CERT_PATH/{ca,cert,key}.pem.
  if (tls && env.DOCKER_CERT_PATH) {
    const read = (f: string) => readFileSync(join(env.DOCKER_CERT_PATH as string, f));
    Object.assign(options, { ca: read('ca.pem'), cert: read('cert.pem'), key: read('key.pem') });
  }
  return options;
}
