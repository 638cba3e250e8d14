import type { RoleDefinition } from '@zuul-ts/role-kit';
import { mirrorContainerImagesRole } from './role';

export const roles: RoleDefinition[] = [mirrorContainerImagesRole];

export { mirrorContainerImagesRole, IMAGE_CONCURRENCY } from './role';
export { mirrorItems, IMAGES_VAR } from './inputs';
export type { MirrorItem } from './inputs';
export { sourceDigests } from './sources';
export { mirrorOne } from './copy-one';
export type { Mirrored } from './copy-one';
