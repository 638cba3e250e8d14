import type { TransferProgress } from './progress';
/** Shared shapes of the registry client. Import types from here without the implementation. */
import type { RetryPolicy } from './retry';

/** A parsed, normalised image reference: `registry/repository[:tag][@digest]`. */
export interface ImageReference {
  /** Registry host as written (`docker.io` for Docker Hub), with port, IPv6 in brackets. */
  registry: string;
  /** Repository path (`library/ubuntu`, `org/image`). */
  repository: string;
  tag?: string;
  digest?: string;
}

export interface Credential {
  /** Registry host (`quay.io`, `127.0.0.1:5000`, `docker.io`); URL forms are normalised. */
  registry: string;
  username?: string;
  password?: string;
  /** OAuth refresh token (docker config `identitytoken`, helper `<token>` user). */
  identityToken?: string;
  /** A bearer token sent as-is (docker config `registrytoken`). */
  registryToken?: string;
}

/** Where the client finds credentials for a registry host. */
export interface CredentialStore {
  get(registry: string): Promise<Credential | undefined>;
}

export interface Platform {
  architecture: string;
  os: string;
  variant?: string;
  'os.version'?: string;
  'os.features'?: string[];
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
  annotations?: Record<string, string>;
  artifactType?: string;
}

export interface ManifestHead {
  digest: string;
  mediaType: string;
  size: number;
}

export interface ManifestResult {
  /** The exact bytes the registry served (hash these, never a re-serialisation). */
  bytes: Buffer;
  mediaType: string;
  digest: string;
}

export interface RequestInfo {
  method: string;
  url: string;
  status: number;
}

/** The client's per-request retry policy; unset fields come from `REQUEST_RETRY`. */
export type RetryOptions = Partial<RetryPolicy>;

export interface RegistryClientOptions {
  /** Explicit credentials (job secrets) win; else ~/.docker/config.json. */
  credentials?: CredentialStore | Credential[];
  /** Registry host -> PEM CA bundle. */
  ca?: Record<string, string>;
  /** Hosts allowed over plain HTTP (loopback hosts always are). */
  insecure?: string[];
  /**
   * Registry -> base URL to reach it at (a mirror, an SSH-forwarded port, or an explicit
   * `http://` registry). Plain HTTP is refused before connecting unless loopback/insecure.
   */
  endpoints?: Record<string, string>;
  /** Parallel blob transfers / requests per registry host (default 6). */
  concurrency?: number;
  retry?: RetryOptions;
  /** Per request timeout (default 120000 ms); the timeout error names the request. */
  timeoutMs?: number;
  /** Called after every HTTP response (never with headers). */
  onRequest?: (info: RequestInfo) => void;
  /** Docker config folder (default $DOCKER_CONFIG or ~/.docker). */
  dockerConfigDir?: string;
}

export interface CopyProgress {
  /** `blob-skip` (already there), `blob-mount`, `blob-upload`, `manifest`. */
  kind: 'blob-skip' | 'blob-mount' | 'blob-upload' | 'manifest';
  digest: string;
  size: number;
}

export interface CopyOptions {
  /** Copy every child of an index (default true); false copies only the matching platform. */
  allPlatforms?: boolean;
  /** With allPlatforms false: the platform to copy (default linux/amd64). */
  platform?: Partial<Platform>;
  onProgress?: (p: CopyProgress) => void;
  /**
   * Bytes copied so far, every few seconds while blobs stream and once at the end (only when
   * a blob was streamed: skipped and mounted blobs move no bytes).
   */
  onBytes?: (p: TransferProgress) => void;
}

export interface IndexEntry {
  digest: string;
  mediaType: string;
  size: number;
  platform?: Platform;
}
