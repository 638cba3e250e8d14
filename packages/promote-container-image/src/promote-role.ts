import {
  containerImagesSchema,
  containerRegistryCredentialsSchema,
  promoteMethod,
  registryImages,
} from '@zuul-ts/job-composer';
import type { RoleContext, RoleDefinition, RoleOutcome } from '@zuul-ts/job-composer';
import { roleRegistryClient } from './client';
import { promoteFromIntermediate } from './intermediate-method';
import { promoteByTag } from './tag-method';
import { PROMOTIONS_DATA_KEY } from './types';

async function run(ctx: RoleContext): Promise<RoleOutcome> {
  const method = promoteMethod(ctx.vars, (m) => ctx.log.warn(m));
  const images = registryImages(ctx.vars);
  const client = roleRegistryClient(ctx);
  const result =
    method === 'tag'
      ? await promoteByTag(ctx, client, images)
      : await promoteFromIntermediate(ctx, client, images);
  if (result.promotions.length)
    ctx.zuulReturn({
      data: {
        [PROMOTIONS_DATA_KEY]: result.promotions.map(({ repository, tag, digest }) => ({
          repository,
          tag,
          digest,
        })),
      },
    });
  const summary = `promoted ${result.promotions.length} tag(s) by ${method}`;
  return { summary, result };
}

export const promoteContainerImageRole: RoleDefinition = {
  name: 'promote-container-image',
  schema: {
    type: 'object',
    required: ['container_images'],
    properties: {
      container_images: containerImagesSchema,
      container_registry_credentials: containerRegistryCredentialsSchema,
      promote_container_image_method: { enum: ['tag', 'intermediate-registry'] },
      promote_container_method: { enum: ['tag', 'intermediate-registry'] },
      promote_container_image_api: { type: 'string' },
      promote_container_image_pipeline: { type: 'string' },
      promote_container_image_job: { type: 'string' },
      promote_container_image_query: { type: 'string' },
      remove_registry_tag_regex: { type: 'string', minLength: 1 },
      remove_registry_tag_age: {
        anyOf: [
          { type: 'integer', minimum: 0 },
          { type: 'string', pattern: '^[0-9]+$' },
        ],
      },
      remove_registry_tag_api_url: { type: 'string' },
    },
  },
  run,
};
