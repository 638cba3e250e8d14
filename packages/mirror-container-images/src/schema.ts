import { containerRegistryCredentialsSchema } from '@zuul-ts/container-vars';

/** Optional variables arrive as `null` from `| default(None)` in roles/<name>/tasks/main.yaml. */
const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });

const text = { type: 'string', minLength: 1 } as const;

/** zuul-jobs roles/mirror-container-images/README.rst, plus `container_registry_ca`. */
export const mirrorSchema = {
  type: 'object',
  required: ['mirror_container_images_images'],
  properties: {
    mirror_container_images_images: {
      type: 'array',
      items: {
        type: 'object',
        required: ['src_repository', 'src_tag', 'dest_repository', 'dest_tag', 'dest_registry'],
        properties: {
          src_repository: text,
          src_tag: text,
          dest_repository: text,
          dest_tag: text,
          dest_registry: text,
        },
      },
    },
    container_registry_credentials: nullable(containerRegistryCredentialsSchema),
    container_registry_ca: nullable({ type: 'object', additionalProperties: { type: 'string' } }),
  },
} as const;
