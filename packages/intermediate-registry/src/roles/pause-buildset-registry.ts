import type { RoleContext, RoleDefinition, RoleOutcome } from '@zuul-ts/role-kit';
import { pauseBuildsetRegistrySchema } from '../schemas';

/**
 * zuul-jobs' pause-buildset-registry: when `buildset_registry` is
 * not defined (this job started the registry rather than inheriting one), return
 * `zuul.pause: true` so Zuul starts the dependent jobs while this build, and its registry,
 * stays alive; otherwise nothing. A local pipeline runner honours the same `zuul.pause` key.
 */
export async function pauseBuildsetRegistry(ctx: RoleContext): Promise<RoleOutcome> {
  if (ctx.vars.buildset_registry !== undefined && ctx.vars.buildset_registry !== null)
    return { summary: 'buildset_registry inherited: no pause', result: { pause: false } };
  ctx.zuulReturn({ data: { zuul: { pause: true } } });
  return {
    summary: 'pausing so dependent jobs can use the buildset registry',
    result: { pause: true },
  };
}

export const pauseBuildsetRegistryRole: RoleDefinition = {
  name: 'pause-buildset-registry',
  schema: pauseBuildsetRegistrySchema,
  run: pauseBuildsetRegistry,
};
