import { promoteMethod, registryImages, withRoleRegistryClient } from '@zuul-ts/container-vars';
import { defineRole } from '@zuul-ts/role-kit';
import { promoteSchema } from './schema';
import type { PromoteInputs } from './schema';
import type { RoleContext, RoleOutcome } from '@zuul-ts/role-kit';
import { promoteFromIntermediate } from './intermediate-method';
import { promoteByTag } from './tag-method';
import { PROMOTIONS_DATA_KEY } from './types';

async function run(ctx: RoleContext<PromoteInputs>): Promise<RoleOutcome> {
  const method = promoteMethod(ctx.vars, (m) => ctx.log.warn(m));
  const images = registryImages(ctx.inputs);
  const result = await withRoleRegistryClient(ctx, (client) =>
    method === 'tag'
      ? promoteByTag(ctx, client, images)
      : promoteFromIntermediate(ctx, client, images),
  );
  // A dry run promotes nothing, so it returns nothing to Zuul either.
  if (result.promotions.length && !ctx.dryRun)
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

export const promoteContainerImageRole = defineRole({
  name: 'promote-container-image',
  inputSchema: promoteSchema,
  run,
});
