import {
  buildsetRegistrySchema,
  containerImageSchema,
  containerRegistryCredentialsSchema,
  nullable,
} from '@zuul-ts/container-vars';
import { ageSchema } from '@zuul-ts/promote-container-image';

const {
  container_filename: _unused,
  registry: _registry,
  ...imageKeys
} = containerImageSchema.properties;

/** One `docker_images` item: a `container_images` item with `dockerfile`, without `registry`. */
const dockerImageSchema = {
  type: 'object',
  required: ['repository'],
  properties: { ...imageKeys, dockerfile: { type: 'string', minLength: 1 } },
};

const credentialSchema = {
  type: 'object',
  properties: {
    ...containerRegistryCredentialsSchema.additionalProperties.properties,
  },
};

const bool = nullable({ type: ['boolean', 'string'] });

/** zuul-jobs roles/build-docker-image/common.rst: the variables all three roles share. */
const common = {
  zuul: { type: 'object' },
  zuul_work_dir: nullable({ type: 'string', minLength: 1 }),
  docker_images: { type: 'array', items: dockerImageSchema },
  docker_dockerfile: nullable({ type: 'string' }),
  docker_registry: nullable({ type: 'string' }),
  docker_credentials: nullable(credentialSchema),
  container_registry_ca: nullable({ type: 'object', additionalProperties: { type: 'string' } }),
  buildset_registry: nullable(buildsetRegistrySchema),
};

const roleSchema = (extra: Record<string, object>) => ({
  type: 'object',
  required: ['docker_images'],
  properties: { ...common, ...extra },
});

export const buildSchema = roleSchema({
  ansible_user_dir: nullable({ type: 'string', minLength: 1 }),
  docker_use_buildkit: bool,
});

export const uploadSchema = roleSchema({ upload_docker_image_promote: bool, zuul_success: bool });

export const promoteSchema = roleSchema({
  remove_registry_tag_regex: nullable({ type: 'string', minLength: 1 }),
  remove_registry_tag_age: ageSchema,
  remove_registry_tag_api_url: nullable({ type: 'string', pattern: '^https?://' }),
});
