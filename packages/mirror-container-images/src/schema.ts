import { containerRegistryCredentialsSchema, nullable } from '@zuul-ts/container-vars';
import type { RegistryCredential } from '@zuul-ts/container-vars';
import { inputSchema } from '@zuul-ts/role-kit';

const text = { type: 'string', minLength: 1 } as const;

/** zuul-jobs roles/mirror-container-images/README.rst, plus `container_registry_ca`. */
/** One `mirror_container_images_images` item as the schema accepts it. */
export type MirrorImageInput = {
  src_repository: string;
  src_tag: string;
  dest_repository: string;
  dest_tag: string;
  dest_registry: string;
};

export type MirrorInputs = {
  mirror_container_images_images: MirrorImageInput[];
  container_registry_credentials?: Record<string, RegistryCredential> | null;
  container_registry_ca?: Record<string, string> | null;
};

export const mirrorSchema = inputSchema<MirrorInputs>({
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
});
