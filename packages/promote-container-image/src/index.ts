import type { RoleDefinition } from '@zuul-ts/role-kit';
import { promoteContainerImageRole } from './promote-role';
import { removeRegistryTagRole } from './remove-registry-tag';

export const roles: RoleDefinition[] = [promoteContainerImageRole, removeRegistryTagRole];

export { promoteContainerImageRole, removeRegistryTagRole };
export { promoteByTag } from './tag-method';
export {
  promoteFromIntermediate,
  buildsQueryUrl,
  newestSuccessfulBuild,
  artifactMap,
} from './intermediate-method';
export { selectLeakedTags, cleanupLeakedTags } from './cleanup';
export type { CleanupPolicy, CleanupResult } from './cleanup';
export { backendKind, createTagBackend } from './tag-backends/select';
export type { BackendKind, ListedTag, TagBackend } from './tag-backends/types';
export { QuayTagBackend } from './tag-backends/quay';
export { DockerHubTagBackend } from './tag-backends/dockerhub';
export { RegistryTagBackend } from './tag-backends/registry';
export { ApiError, callApi } from './http-api';
export * from './types';
export { ageSchema } from './schema';
export type { PromoteInputs, RemoveRegistryTagInputs, TagRemovalInputs } from './schema';
