import {
  containerCommand,
  containerCommandSchema,
  containerImagesSchema,
  containerRegistryCredentialsSchema,
  promoteMethod,
  registryImages,
  temporaryTag,
  withRoleRegistryClient,
} from '@zuul-ts/job-composer';
import type { RoleContext, RoleDefinition, RoleOutcome } from '@zuul-ts/job-composer';
import { ContainerEngine } from '@zuul-ts/engine';
import { mapLimit } from '@zuul-ts/registry';
import { ansibleBool, uploadSkipReason } from './gate';
import { localGroups, uploadImage } from './push-image';
import type { PushGroup, UploadedTag } from './push-image';

/** Optional variables arrive as `null` from `| default(None)` in roles/<name>/tasks/main.yaml. */
const nullable = (schema: object) => ({ anyOf: [schema, { type: 'null' }] });

/** Images uploaded at once (each is one engine push plus registry retags). */
const IMAGE_CONCURRENCY = 3;

async function run(ctx: RoleContext): Promise<RoleOutcome> {
  const promote = ansibleBool(
    ctx.vars.upload_container_image_promote,
    'upload_container_image_promote',
    true,
  );
  const method = promoteMethod(ctx.vars, (m) => ctx.log.warn(m));
  const skip = uploadSkipReason(ctx, promote, method);
  if (skip) {
    ctx.log.info(skip);
    return { summary: skip, result: { uploaded: [], skipped: skip } };
  }
  const command = containerCommand(ctx.vars); // podman by default (B2)
  const images = registryImages(ctx.vars); // every image checked before any push
  // promote=true pushes only `<change_N|pipeline>_<tag>`; false pushes the final tags.
  const tagsOf = (tags: string[]) => (promote ? tags.map((t) => temporaryTag(ctx.vars, t)) : tags);
  return withRoleRegistryClient(ctx, async (client) => {
    const engine = ctx.dryRun
      ? undefined
      : await ContainerEngine.connect({
          kind: command,
          endpoint: ctx.host.vars.container_engine_host as string | undefined,
        });
    const groups: PushGroup[][] = [];
    for (const image of images) groups.push(await localGroups(engine, image, tagsOf(image.tags)));
    const deps = { engine, client, attempts: 4, baseDelayMs: 1000 };
    const uploaded: UploadedTag[] = (
      await mapLimit(images, IMAGE_CONCURRENCY, (image, i) =>
        uploadImage(ctx, deps, image, groups[i]),
      )
    ).flat();
    return {
      summary: `uploaded ${uploaded.length} tag(s) of ${images.length} image(s)`,
      result: { uploaded },
    };
  });
}

export const uploadContainerImageRole: RoleDefinition = {
  name: 'upload-container-image',
  schema: {
    type: 'object',
    required: ['container_images'],
    properties: {
      container_images: containerImagesSchema,
      container_registry_credentials: nullable(containerRegistryCredentialsSchema),
      container_registry_ca: nullable({ type: 'object', additionalProperties: { type: 'string' } }),
      container_command: nullable(containerCommandSchema),
      upload_container_image_promote: nullable({ type: ['boolean', 'string'] }),
      promote_container_image_method: nullable({ enum: ['tag', 'intermediate-registry'] }),
      promote_container_method: nullable({ enum: ['tag', 'intermediate-registry'] }),
      zuul_success: nullable({ type: ['boolean', 'string'] }),
    },
  },
  run,
};
