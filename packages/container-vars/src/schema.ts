/**
 * JSON-schema (ajv) fragments for the zuul-jobs container variables.
 * Role packages compose their `schema` from these so every role validates the same shapes.
 */

const stringList = { type: 'array', items: { type: 'string' } } as const;

/**
 * `schema`, or null: optional variables arrive as `null` from `| default(None)` in the
 * `roles/<name>/tasks/main.yaml` stubs, and then mean "not set".
 */
export const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });

/** One `container_images` item. Unknown keys are allowed, as in zuul-jobs. */
export const containerImageSchema = {
  type: 'object',
  required: ['repository'],
  properties: {
    context: { type: 'string', minLength: 1 },
    path: { type: 'string', minLength: 1 },
    container_filename: { type: 'string' },
    repository: { type: 'string', minLength: 1 },
    registry: { type: 'string', minLength: 1 },
    tags: { ...stringList, items: { type: 'string', minLength: 1 } },
    build_args: stringList,
    target: { type: 'string', minLength: 1 },
    siblings: stringList,
    labels: stringList,
    arch: {
      ...stringList,
      items: { type: 'string', pattern: '^[a-z0-9]+/[a-z0-9_]+(/[a-z0-9]+)?$' },
    },
  },
} as const;

export const containerImagesSchema = { type: 'array', items: containerImageSchema } as const;

/** `buildset_registry` as returned by run-buildset-registry. */
export const buildsetRegistrySchema = {
  type: 'object',
  required: ['host', 'port'],
  properties: {
    host: { type: 'string', minLength: 1 },
    port: {
      anyOf: [
        { type: 'integer', minimum: 1, maximum: 65535 },
        { type: 'string', pattern: '^[0-9]+$' },
      ],
    },
    username: { type: 'string' },
    password: { type: 'string' },
    cert: { type: 'string' },
  },
} as const;

/** `container_registry_credentials`: a dict keyed by registry name. */
export const containerRegistryCredentialsSchema = {
  type: 'object',
  additionalProperties: {
    type: 'object',
    properties: {
      username: { type: 'string' },
      password: { type: 'string' },
      repository: { type: 'string' },
      api_token: { type: 'string' },
      type: { enum: ['quay', 'docker'] },
      api_url: { type: 'string' },
    },
  },
} as const;

export const containerCommandSchema = { enum: ['podman', 'docker'] } as const;
