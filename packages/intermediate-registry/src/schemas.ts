/**
 * ajv schemas of the variables each role reads (unknown keys ignored), composed from the shared
 * fragments in `@zuul-ts/container-vars` so every role validates the same shapes.
 */
import {
  buildsetRegistrySchema,
  containerImageSchema,
  containerImagesSchema,
  nullable,
} from '@zuul-ts/container-vars';

/** Legacy `docker_images`: `dockerfile` instead of `container_filename`. */
const dockerImagesSchema = {
  type: 'array',
  items: {
    ...containerImageSchema,
    properties: { ...containerImageSchema.properties, dockerfile: { type: 'string' } },
  },
} as const;

const registrySecret = {
  type: 'object',
  required: ['host', 'port'],
  properties: {
    ...buildsetRegistrySchema.properties,
    cert: { type: 'string' },
    insecure: { type: 'boolean' },
  },
} as const;

/** The `zuul` dict: only these keys are read; the many others are expected (no warnings). */
const zuulBuild = {
  type: 'object',
  properties: { build: { type: 'string' }, artifacts: { type: 'array' } },
  additionalProperties: {},
} as const;

export const pushSchema = {
  type: 'object',
  properties: {
    container_images: containerImagesSchema,
    docker_images: dockerImagesSchema,
    intermediate_registry: registrySecret,
    buildset_registry: buildsetRegistrySchema,
    zuul_success: { type: ['boolean', 'string', 'number'] },
    zuul: zuulBuild,
  },
} as const;

const artifact = {
  type: 'object',
  properties: { name: { type: 'string' }, url: { type: 'string' }, metadata: { type: 'object' } },
  // Zuul adds project, job, change, patchset, branch… to each artifact.
  additionalProperties: {},
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

/** A registry name: a non-empty string. */
const registryName = { type: 'string', minLength: 1 } as const;

export const useBuildsetRegistrySchema = {
  type: 'object',
  properties: {
    buildset_registry: buildsetRegistrySchema,
    use_buildset_registry_root: nullable({ type: 'string', pattern: '^/' }),
    use_buildset_registry_engines: nullable({
      type: 'array',
      items: { enum: ['docker', 'podman'] },
    }),
    // zuul-jobs: `[prefix, mirror-url]` pairs; a bare prefix is accepted too.
    buildset_registry_namespaces: nullable({
      type: 'array',
      items: {
        anyOf: [registryName, { type: 'array', minItems: 1, items: [registryName] }],
      },
    }),
    buildset_registry_unqualified_registries: nullable({ type: 'array', items: registryName }),
  },
} as const;
