import { InputError } from '@zuul-ts/role-kit';
import type { RegistryCredential } from '@zuul-ts/container-vars';
import { DockerHubTagBackend } from './dockerhub';
import { QuayTagBackend } from './quay';
import { RegistryTagBackend, RegistryTagOps } from './registry';
import type { BackendKind, TagBackend } from './types';

/**
 * The backend for a registry: the credentials' explicit `type` wins (zuul-jobs meant this but
 * never rendered it), else autoprobed from the host like zuul-jobs (`quay.io` → quay,
 * `docker.io` → Docker Hub), else the generic registry API (zuul-jobs failed here).
 */
export function backendKind(registry: string, cred: RegistryCredential | undefined): BackendKind {
  if (cred?.type) return cred.type;
  if (registry.includes('quay.io')) return 'quay';
  if (registry.includes('docker.io')) return 'docker';
  return 'registry';
}

export interface BackendInput {
  /** `<registry>/<path>` as configured (`quay.io/org/app`, `docker.io/org/app`). */
  repository: string;
  registry: string;
  repoPath: string;
  cred: RegistryCredential | undefined;
  /** `remove_registry_tag_api_url`: API base override for quay/Hub. */
  apiUrl?: string;
  /** Variable path named in input errors. */
  credPath: string;
  client: RegistryTagOps;
  addSecret: (v: string) => void;
  signal?: AbortSignal;
}

/** Builds the backend; missing API credentials are input errors raised before any request. */
export function createTagBackend(input: BackendInput): TagBackend {
  const kind = backendKind(input.registry, input.cred);
  const cred = input.cred ?? {};
  if (kind === 'quay') {
    if (!cred.api_token)
      throw new InputError(`${input.credPath}.api_token`, 'is required to remove tags on quay');
    input.addSecret(cred.api_token);
    // ensure-quay-repo's credential key `api_url` is the quay ROOT URL; honour it too.
    const root = cred.api_url?.replace(/\/+$/, '');
    const base = input.apiUrl ?? (root ? `${root}/api/v1` : `https://${input.registry}/api/v1`);
    return new QuayTagBackend(input.repository, base, input.repoPath, cred.api_token, input.signal);
  }
  if (kind === 'docker') {
    if (!cred.username || !cred.password)
      throw new InputError(
        input.credPath,
        'username and password are required to remove tags on Docker Hub',
      );
    input.addSecret(cred.password);
    const base = input.apiUrl ?? 'https://hub.docker.com/v2';
    // Hub paths need the implicit `library/` namespace for single-component names.
    const path = input.repoPath.includes('/') ? input.repoPath : `library/${input.repoPath}`;
    return new DockerHubTagBackend(
      input.repository,
      base,
      path,
      cred.username,
      cred.password,
      input.addSecret,
      input.signal,
    );
  }
  return new RegistryTagBackend(input.repository, input.client);
}
