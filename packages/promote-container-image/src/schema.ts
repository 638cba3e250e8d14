import { containerImagesSchema, containerRegistryCredentialsSchema } from '@zuul-ts/container-vars';

/** Optional variables arrive as `null` from `| default(None)` in roles/<name>/tasks/main.yaml. */
const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });

const methodSchema = nullable({ enum: ['tag', 'intermediate-registry'] });
const ageSchema = nullable({
  anyOf: [
    { type: 'integer', minimum: 0 },
    { type: 'string', pattern: '^[0-9]+$' },
  ],
});
const caSchema = nullable({ type: 'object', additionalProperties: { type: 'string' } });

/** Variables shared by promote-container-image and remove-registry-tag (tag removal). */
const tagRemovalProperties = {
  container_registry_credentials: nullable(containerRegistryCredentialsSchema),
  container_registry_ca: caSchema,
  remove_registry_tag_regex: nullable({ type: 'string', minLength: 1 }),
  remove_registry_tag_age: ageSchema,
  remove_registry_tag_api_url: nullable({ type: 'string', pattern: '^https?://' }),
};

export const promoteSchema = {
  type: 'object',
  required: ['container_images'],
  properties: {
    container_images: containerImagesSchema,
    intermediate_registry: nullable({ type: 'object' }),
    promote_container_image_method: methodSchema,
    promote_container_method: methodSchema,
    promote_container_image_api: nullable({ type: 'string' }),
    promote_container_image_pipeline: nullable({ type: 'string' }),
    promote_container_image_job: nullable({ type: 'string' }),
    promote_container_image_query: nullable({ type: 'string' }),
    ...tagRemovalProperties,
  },
};

export const removeRegistryTagSchema = {
  type: 'object',
  required: ['remove_registry_tag_repository'],
  properties: {
    remove_registry_tag_repository: { type: 'string', minLength: 1 },
    remove_registry_tag_tag: nullable({ type: 'string', minLength: 1 }),
    ...tagRemovalProperties,
  },
};
