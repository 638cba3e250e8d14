/** Shapes shared by the intermediate/buildset registry roles. */

/** `buildset_registry`, as run-buildset-registry returns it through `secret_data`. */
export interface BuildsetRegistryVar {
  host: string;
  port: number | string;
  username?: string;
  password?: string;
  /** PEM the clients trust (our run-buildset-registry returns its CA certificate). */
  cert?: string;
}

/**
 * `intermediate_registry`, a site secret. `cert` and `insecure` are our additions:
 * zuul-jobs relies on the executor's system CA store (and has no plain-HTTP mode).
 */
export interface IntermediateRegistryVar {
  host: string;
  port: number | string;
  username?: string;
  password?: string;
  cert?: string;
  insecure?: boolean;
}

/** One registry the roles talk to, resolved from one of the variables above. */
export interface RegistryEndpoint {
  /** `host:port` as used in references and as the credential/CA key (IPv6 in brackets). */
  location: string;
  username?: string;
  password?: string;
  ca?: string;
  insecure: boolean;
}

/** One `zuul.artifacts` entry; Zuul adds project/job/change… which we ignore. */
export interface Artifact {
  name: string;
  url: string;
  metadata?: Record<string, unknown>;
  [extra: string]: unknown;
}

export interface ContainerImageArtifact {
  name: string;
  url: string;
  metadata: { type: 'container_image'; repository: string; tag: string };
}
