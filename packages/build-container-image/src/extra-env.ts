import type { ContainerCommand } from '@zuul-ts/container-vars';

/** What `container_build_extra_env` becomes on the Engine API. */
export interface ExtraEnvEffect {
  /** Proxy variables: predefined build args on both engines (the CLIs forward them too). */
  buildArgs: Record<string, string>;
  /** podman-only build query parameters (Buildah environment equivalents). */
  engineParams: Record<string, string | boolean>;
  /** Keys with no Engine-API equivalent: the role warns, naming each. */
  unsupported: string[];
}

// Docker's predefined proxy ARGs (usable without an ARG line, kept out of image history).
const PROXY_VARS = new Set(
  ['HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY'].flatMap((k) => [
    k,
    k.toLowerCase(),
  ]),
);

/**
 * zuul-jobs sets `container_build_extra_env` as the environment of `podman build` only and
 * ignores it on the docker path. Over the Engine API there is no process environment, so
 * each key is mapped to its equivalent on both engines where one exists.
 */
export function mapExtraEnv(
  env: Record<string, unknown> | undefined,
  engine: ContainerCommand,
): ExtraEnvEffect {
  const effect: ExtraEnvEffect = { buildArgs: {}, engineParams: {}, unsupported: [] };
  for (const [key, raw] of Object.entries(env ?? {})) {
    const value = String(raw);
    if (PROXY_VARS.has(key)) effect.buildArgs[key] = value;
    else if (key === 'BUILDAH_LAYERS' && engine === 'podman')
      effect.engineParams.layers = value !== 'false';
    else if (key === 'BUILDAH_FORMAT' && engine === 'podman')
      effect.engineParams.outputformat =
        value === 'docker'
          ? 'application/vnd.docker.distribution.manifest.v2+json'
          : 'application/vnd.oci.image.manifest.v1+json';
    else if (key === 'BUILDAH_ISOLATION' && engine === 'podman')
      effect.engineParams.isolation = value;
    else effect.unsupported.push(key);
  }
  return effect;
}
