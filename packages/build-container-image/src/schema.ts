import {
  buildsetRegistrySchema,
  containerCommandSchema,
  containerImagesSchema,
  nullable,
} from '@zuul-ts/container-vars';

/**
 * Variables build-container-image reads (zuul-jobs roles/build-container-image/defaults and
 * README), plus the zuul-ts additions documented in the role README.
 */
export const buildContainerImageSchema = {
  type: 'object',
  required: ['container_images'],
  properties: {
    zuul: { type: 'object' },
    zuul_work_dir: nullable({ type: 'string', minLength: 1 }),
    ansible_user_dir: nullable({ type: 'string', minLength: 1 }),
    container_command: containerCommandSchema,
    container_filename: nullable({ type: 'string' }),
    container_build_extra_env: nullable({
      type: 'object',
      additionalProperties: { type: ['string', 'number', 'boolean'] },
    }),
    container_images: containerImagesSchema,
    buildset_registry: nullable(buildsetRegistrySchema),
    /** zuul-ts: how many images build at once (default 2). */
    container_build_parallelism: nullable({ type: 'integer', minimum: 1, maximum: 16 }),
    /** zuul-ts: the folder holding every checked-out project (default `<ansible_user_dir>/src`). */
    container_build_source_root: nullable({ type: 'string', minLength: 1 }),
  },
} as const;

/** The variable names piped by roles/build-container-image/tasks/main.yaml. */
export const ROLE_VARIABLES = Object.keys(buildContainerImageSchema.properties);
