import { buildContainerImageRole } from '@zuul-ts/build-container-image';
import type { RoleDefinition } from '@zuul-ts/role-kit';
import { promoteContainerImageRole } from '@zuul-ts/promote-container-image';
import { uploadContainerImageRole } from '@zuul-ts/upload-container-image';
import { dockerRole } from './docker-role';
import { buildSchema, promoteSchema, uploadSchema } from './schema';

const build = dockerRole('build-docker-image', buildContainerImageRole, buildSchema, {
  credentials: false,
});

/**
 * build-docker-image. `docker_use_buildkit` is accepted: the image is built through the Docker
 * Engine API's `/build` (its classic builder), as every zuul-ts build is; multi-stage `target`,
 * `build_args` and multi-arch (per-platform builds and an index) work without BuildKit.
 */
export const buildDockerImageRole: RoleDefinition = {
  ...build,
  async run(ctx) {
    const buildkit = ctx.vars.docker_use_buildkit;
    if (buildkit === true || (typeof buildkit === 'string' && /^(true|yes|1)$/i.test(buildkit)))
      ctx.log.info('docker_use_buildkit: building through the Docker Engine API builder');
    return build.run(ctx);
  },
};

/** upload-docker-image: change tags (`upload_docker_image_promote`, default true) or final tags. */
export const uploadDockerImageRole = dockerRole(
  'upload-docker-image',
  uploadContainerImageRole,
  uploadSchema,
  { credentials: true },
);

/**
 * promote-docker-image: change tag → final tags on the registry `docker_registry` names, digest
 * verified; change tags removed through the Docker Hub API on Docker Hub, by the registry
 * client's safe tag deletion elsewhere (zuul-jobs worked on Docker Hub only).
 */
export const promoteDockerImageRole = dockerRole(
  'promote-docker-image',
  promoteContainerImageRole,
  promoteSchema,
  { credentials: true },
);
