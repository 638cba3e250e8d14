import type { RoleDefinition } from '@zuul-ts/role-kit';
import { buildContainerImageRole } from './role';

export { buildContainerImageRole, runBuildContainerImage } from './role';
export { buildContainerImageSchema, ROLE_VARIABLES } from './schema';
export type { ImageResult } from './build-one';
export type { ImagePlan } from './plan';
export { planImage } from './plan';
export { mapExtraEnv } from './extra-env';
export { platformsWithoutEmulation } from './emulation';

/** Loaded by the playbook runner (`zuul-ts role build-container-image`). */
export const roles: RoleDefinition[] = [buildContainerImageRole];
