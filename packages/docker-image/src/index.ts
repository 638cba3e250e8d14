import type { RoleDefinition } from '@zuul-ts/role-kit';
import { ensureDockerRole, ensurePodmanRole, ensureSkopeoRole } from './ensure';
import { buildDockerImageRole, promoteDockerImageRole, uploadDockerImageRole } from './roles';

export const roles: RoleDefinition[] = [
  buildDockerImageRole,
  uploadDockerImageRole,
  promoteDockerImageRole,
  ensureDockerRole,
  ensurePodmanRole,
  ensureSkopeoRole,
];

export { buildDockerImageRole, uploadDockerImageRole, promoteDockerImageRole };
export { ensureDockerRole, ensurePodmanRole, ensureSkopeoRole };
export { containerVars, dockerNames, dockerRegistry, DOCKER_HUB_REGISTRY } from './docker-vars';
export type { MapOptions } from './docker-vars';
export { dockerRole } from './docker-role';
