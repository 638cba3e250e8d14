import {
  containerImagesSchema,
  containerRegistryCredentialsSchema,
  nullable,
} from '@zuul-ts/container-vars';
import type { ContainerImage, RegistryCredential } from '@zuul-ts/container-vars';
import { inputSchema } from '@zuul-ts/role-kit';

const methodSchema = nullable({ enum: ['tag', 'intermediate-registry'] });
/** `remove_registry_tag_age`: seconds, as a number or a string of digits (Ansible). */
export const ageSchema = nullable({
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

export type PromoteInputs = TagRemovalInputs & {
  container_images: ContainerImage[];
  intermediate_registry?: Record<string, unknown> | null;
  promote_container_image_method?: 'tag' | 'intermediate-registry' | null;
  promote_container_method?: 'tag' | 'intermediate-registry' | null;
  promote_container_image_api?: string | null;
  promote_container_image_pipeline?: string | null;
  promote_container_image_job?: string | null;
  promote_container_image_query?: string | null;
  zuul?: { pipeline?: string };
};

export const promoteSchema = inputSchema<PromoteInputs>({
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
});

/** The tag-removal variables, as `tagRemovalProperties` accepts them. */
export type TagRemovalInputs = {
  container_registry_credentials?: Record<string, RegistryCredential> | null;
  container_registry_ca?: Record<string, string> | null;
  remove_registry_tag_regex?: string | null;
  remove_registry_tag_age?: number | string | null;
  remove_registry_tag_api_url?: string | null;
};

export type RemoveRegistryTagInputs = TagRemovalInputs & {
  remove_registry_tag_repository: string;
  remove_registry_tag_tag?: string | null;
  zuul?: { pipeline?: string };
};

export const removeRegistryTagSchema = inputSchema<RemoveRegistryTagInputs>({
  type: 'object',
  required: ['remove_registry_tag_repository'],
  properties: {
    remove_registry_tag_repository: { type: 'string', minLength: 1 },
    remove_registry_tag_tag: nullable({ type: 'string', minLength: 1 }),
    ...tagRemovalProperties,
  },
});
