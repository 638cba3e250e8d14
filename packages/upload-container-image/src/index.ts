import type { RoleDefinition } from '@zuul-ts/role-kit';
import { uploadContainerImageRole } from './role';

export const roles: RoleDefinition[] = [uploadContainerImageRole];

export { uploadContainerImageRole };
export { uploadSkipReason, ansibleBool } from './gate';
export { uploadImage, localGroups } from './push-image';
export type { UploadedTag, UploadDeps, PushGroup } from './push-image';
export { planMultiArch, uploadMultiArch } from './multiarch-upload';
export type { MultiArchPlan, MultiArchGroup, TagPair } from './multiarch-upload';
