import {
  containerCommand,
  buildsetRegistrySchema,
  containerCommandSchema,
  containerImagesSchema,
  containerRegistryCredentialsSchema,
  imagePlatforms,
  promoteMethod,
  registryImages,
  type RegistryImagesInputs,
  resolveBuildsetRegistry,
  temporaryTag,
  withBuildsetRegistryClient,
  withRoleRegistryClient,
  nullable,
} from '@zuul-ts/container-vars';
import { defineRole, inputSchema } from '@zuul-ts/role-kit';
import type { RoleContext, RoleOutcome } from '@zuul-ts/role-kit';
import { ContainerEngine, withNode } from '@zuul-ts/engine';
import type { NodeConnection } from '@zuul-ts/engine';
import { mapLimit } from '@zuul-ts/registry';
import type { RegistryClient } from '@zuul-ts/registry';
import { ansibleBool, uploadSkipReason } from './gate';
import { localGroups, uploadImage } from './push-image';
import type { PushGroup, UploadedTag } from './push-image';
import { planMultiArch, uploadMultiArch } from './multiarch-upload';
import type { MultiArchPlan } from './multiarch-upload';

/** Images uploaded at once (each is one engine push plus registry retags). */
const IMAGE_CONCURRENCY = 3;

/** The variables the upload schema describes (the zuul dict and host vars come from `ctx`). */
type UploadInputs = RegistryImagesInputs & {
  container_registry_ca?: Record<string, string> | null;
  container_command?: 'podman' | 'docker' | null;
  buildset_registry?: Record<string, unknown> | null;
  upload_container_image_promote?: boolean | string | null;
  promote_container_image_method?: 'tag' | 'intermediate-registry' | null;
  promote_container_method?: 'tag' | 'intermediate-registry' | null;
  zuul_success?: boolean | string | null;
};

async function run(ctx: RoleContext<UploadInputs>): Promise<RoleOutcome> {
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
  const command = containerCommand(ctx.vars); // podman by default
  const images = registryImages(ctx.inputs); // every image checked before any push
  // promote=true pushes only `<change_N|pipeline>_<tag>`; false pushes the final tags.
  const tagsOf = (tags: string[]) => (promote ? tags.map((t) => temporaryTag(ctx.vars, t)) : tags);
  // Multi-arch images: platforms from `arch`; the buildset registry (variable or results
  // file) holds their index, else the build role's local per-platform images are used.
  const platforms = images.map((_, i) => imagePlatforms(ctx.vars, i));
  const buildset = platforms.some(Boolean) ? resolveBuildsetRegistry(ctx.vars) : undefined;
  const withClient = <T>(fn: (client: RegistryClient) => Promise<T>) =>
    buildset ? withBuildsetRegistryClient(ctx, buildset, fn) : withRoleRegistryClient(ctx, fn);
  return withClient(async (client) => {
    // On a node reached over SSH, the node's engine pushes (its images were built there).
    if (ctx.dryRun) return uploadAll(client, undefined);
    return withNode(ctx.host.name, ctx.host.vars, (node) => uploadAll(client, node));
  });

  async function uploadAll(
    client: RegistryClient,
    node: NodeConnection | undefined,
  ): Promise<RoleOutcome> {
    const engine = ctx.dryRun
      ? undefined
      : await ContainerEngine.connect({
          kind: command,
          endpoint: ctx.host.vars.container_engine_host as string | undefined,
          node,
        });
    const deps = { engine, client, attempts: 4, baseDelayMs: 1000 };
    // Every image's source is checked before anything is pushed.
    const plans: (PushGroup[] | MultiArchPlan)[] = [];
    for (const [i, image] of images.entries()) {
      const arch = platforms[i];
      if (!arch) plans.push(await localGroups(engine, image, tagsOf(image.tags)));
      else {
        const pairs = image.tags.map((t, j) => ({ final: t, upload: tagsOf(image.tags)[j] }));
        plans.push(await planMultiArch(ctx, deps, image, arch, pairs, buildset));
      }
    }
    const uploaded: UploadedTag[] = (
      await mapLimit(images, IMAGE_CONCURRENCY, (image, i) => {
        const plan = plans[i];
        return Array.isArray(plan)
          ? uploadImage(ctx, deps, image, plan)
          : uploadMultiArch(ctx, deps, image, plan);
      })
    ).flat();
    return {
      summary: `uploaded ${uploaded.length} tag(s) of ${images.length} image(s)`,
      result: { uploaded },
    };
  }
}

export const uploadContainerImageRole = defineRole({
  name: 'upload-container-image',
  inputSchema: inputSchema<UploadInputs>({
    type: 'object',
    required: ['container_images'],
    properties: {
      container_images: containerImagesSchema,
      container_registry_credentials: nullable(containerRegistryCredentialsSchema),
      container_registry_ca: nullable({ type: 'object', additionalProperties: { type: 'string' } }),
      container_command: nullable(containerCommandSchema),
      buildset_registry: nullable(buildsetRegistrySchema),
      upload_container_image_promote: nullable({ type: ['boolean', 'string'] }),
      promote_container_image_method: nullable({ enum: ['tag', 'intermediate-registry'] }),
      promote_container_method: nullable({ enum: ['tag', 'intermediate-registry'] }),
      zuul_success: nullable({ type: ['boolean', 'string'] }),
    },
  }),
  run,
});
