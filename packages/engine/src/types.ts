import type { TransferProgress } from '@zuul-ts/registry';
/** Shapes shared by the engine adapter and its callers. */

export type EngineKind = 'docker' | 'podman';

export interface EngineInfo {
  /** Which engine answered `/_ping` (podman adds `Libpod-API-Version`). */
  kind: EngineKind;
  /** Engine version from the `Server` header (`Docker/20.10.24`, `Libpod/4.3.1`). */
  version: string;
  /** The Docker API version pinned for every request (e.g. `1.41`). */
  apiVersion: string;
  /** `Builder-Version` from `/_ping` (`2` = BuildKit default; empty/`1` = classic or Buildah). */
  builderVersion: string;
  /** The endpoint used (`unix:///run/podman/podman.sock`, `tcp://…`, `ssh://…`). */
  endpoint: string;
}

/** Credentials for one registry, sent as X-Registry-Auth; never logged. */
export interface RegistryAuth {
  username?: string;
  password?: string;
  /** Registry host without scheme (`quay.io`, `127.0.0.1:5000`). */
  serveraddress: string;
  identitytoken?: string;
}

/** One decoded JSON message of a build/push/pull stream (moby `jsonmessage`). */
export interface StreamMessage {
  stream?: string;
  status?: string;
  id?: string;
  progress?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
  errorDetail?: { code?: number; message?: string };
  aux?: unknown;
}

export type ProgressHandler = (line: string) => void;

export interface BuildRequest {
  /** Absolute directory whose contents form the build context. */
  contextDir: string;
  /** Absolute path of the Dockerfile/Containerfile (inside or outside the context). */
  dockerfile: string;
  /** Every `name:tag` to apply (the `t` query parameter, repeated). */
  tags: string[];
  buildArgs?: Record<string, string>;
  labels?: Record<string, string>;
  target?: string;
  /** `os/arch[/variant]`. */
  platform?: string;
  networkMode?: string;
  /** Folders sent inside the context at a prefix without being copied there (siblings). */
  overlays?: { dir: string; prefix: string }[];
  /** Engine-specific query parameters (podman: `layers`, `outputformat`, `isolation`). */
  engineParams?: Record<string, string | boolean>;
  /**
   * Credentials for registries a `FROM` pulls from (`X-Registry-Config`, keyed by registry
   * host:port): in memory only, as the docker CLI sends its config's auths.
   */
  registryAuth?: RegistryAuth[];
  onProgress?: ProgressHandler;
  signal?: AbortSignal;
}

export interface BuildResult {
  /** Image ID (`sha256:…`) from the stream's `aux.ID`, else from inspecting the first tag. */
  imageId: string;
}

export interface PushRequest {
  /** `name:tag` — the tag is always passed (podman pushes only `latest` without it). */
  reference: string;
  auth?: RegistryAuth;
  /** Skip TLS verification (podman `tlsVerify=false`; only for loopback/insecure registries). */
  insecure?: boolean;
  onProgress?: ProgressHandler;
  /** Bytes pushed so far (sum of the engine's per-layer progress), every 3 s and at the end. */
  onBytes?: (p: TransferProgress) => void;
  /** Asked for the digest when the stream does not report one (e.g. a registry HEAD). */
  digestFallback?: () => Promise<string | undefined>;
  signal?: AbortSignal;
}

export interface PushResult {
  /** The manifest digest the registry stored, when known. */
  digest?: string;
  /** Where the digest came from. */
  digestSource: 'aux' | 'status' | 'fallback' | 'unknown';
}

export interface ImageDetails {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  labels: Record<string, string>;
  architecture: string;
  os: string;
  variant?: string;
}
