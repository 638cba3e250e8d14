/**
 * ajv schemas of the variables each role reads (unknown keys ignored), composed from the shared
 * fragments in `@zuul-ts/job-composer` so every role validates the same shapes.
 */
import { buildsetRegistrySchema, containerImagesSchema } from '@zuul-ts/job-composer';

const registrySecret = {
  type: 'object',
  required: ['host', 'port'],
  properties: {
    ...buildsetRegistrySchema.properties,
    cert: { type: 'string' },
    insecure: { type: 'boolean' },
  },
} as const;

const zuulBuild = {
  type: 'object',
  properties: { build: { type: 'string' }, artifacts: { type: 'array' } },
} as const;

export const pushSchema = {
  type: 'object',
  properties: {
    container_images: containerImagesSchema,
    docker_images: containerImagesSchema,
    intermediate_registry: registrySecret,
    buildset_registry: buildsetRegistrySchema,
    zuul_success: { type: ['boolean', 'string', 'number'] },
    zuul: zuulBuild,
  },
} as const;

const artifact = {
  type: 'object',
  properties: { name: { type: 'string' }, url: { type: 'string' }, metadata: { type: 'object' } },
} as const;

export const pullSchema = {
  type: 'object',
  properties: {
    zuul_artifacts: { type: 'array', items: artifact },
    intermediate_registry: registrySecret,
    buildset_registry: buildsetRegistrySchema,
    zuul: zuulBuild,
  },
} as const;

export const runBuildsetRegistrySchema = {
  type: 'object',
  properties: {
    buildset_registry_root: { type: 'string', minLength: 1 },
    buildset_registry_port: buildsetRegistrySchema.properties.port,
    buildset_registry_host: { type: 'string', minLength: 1 },
  },
} as const;

export const stopBuildsetRegistrySchema = {
  type: 'object',
  properties: {
    buildset_registry_root: { type: 'string', minLength: 1 },
    buildset_registry_keep_storage: { type: 'boolean' },
  },
} as const;

export const pauseBuildsetRegistrySchema = {
  type: 'object',
  properties: { buildset_registry: buildsetRegistrySchema },
} as const;

export const useBuildsetRegistrySchema = {
  type: 'object',
  properties: {
    buildset_registry: buildsetRegistrySchema,
    use_buildset_registry_root: { type: 'string', minLength: 1 },
    use_buildset_registry_engines: { type: 'array', items: { enum: ['docker', 'podman'] } },
    buildset_registry_namespaces: { type: 'array' },
    buildset_registry_unqualified_registries: { type: 'array', items: { type: 'string' } },
  },
} as const;
