export * from './types';
export { RegistryClient } from './client';
export type { ImageConfig } from './client';
export type { DeleteTagsResult, KnownTag } from './delete-tag';
export {
  parseReference,
  formatReference,
  toReference,
  normaliseRegistry,
  manifestReference,
  isValidTag,
  isValidDigest,
  isValidRepository,
  isDockerHubAlias,
  repositoryHost,
  InvalidReferenceError,
  DOCKER_HUB,
  DOCKER_HUB_API,
} from './reference';
export type { RefLike } from './reference';
export { RegistryError } from './errors';
export { createLimit, mapLimit, KeyedMutex } from './limit';
export type { Limit } from './limit';
export * as mediaTypes from './media-types';
export { sha256 } from './digest';
export {
  StaticCredentialStore,
  DockerConfigCredentialStore,
  ChainCredentialStore,
  DOCKER_HUB_AUTH_KEY,
  runCredentialHelper,
} from './credentials';
export { isLoopback } from './endpoint';
export { Redactor, MASK } from './redactor';
export { parsePlatform, platformProblem, ociArchitecture, platformMatches } from './platform';
export {
  withRetry,
  isTransientStatus,
  backoffDelay,
  TRANSIENT_STATUS,
  REQUEST_RETRY,
  OPERATION_RETRY,
} from './retry';
export type { RetryPolicy, WithRetryOptions } from './retry';
// Local docker-registry launcher (run-buildset-registry, @zuul-ts/testing).
export * from './local-registry';
export { TransferMeter, formatProgress, describeProgress, PROGRESS_INTERVAL_MS } from './progress';
export type { TransferProgress } from './progress';
