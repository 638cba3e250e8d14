import type { RoleContext, RoleDefinition, RoleOutcome } from '@zuul-ts/role-kit';
import { stopLocalRegistry } from '@zuul-ts/registry';
import { buildsetRegistryRoot } from '../buildset-root';
import { stopBuildsetRegistrySchema } from '../schemas';

/**
 * Our addition for local runs (zuul-jobs never stops the registry: the node is thrown away):
 * stops the registry run-buildset-registry started from `buildset_registry_root` (by its pid
 * file, only if that pid is still a docker-registry serving this folder) and deletes the files
 * it created (storage, TLS, htpasswd) unless `buildset_registry_keep_storage` is true.
 * Stopping a registry that is not running succeeds.
 */
export async function stopBuildsetRegistry(ctx: RoleContext): Promise<RoleOutcome> {
  const root = buildsetRegistryRoot(ctx);
  const keep = ctx.vars.buildset_registry_keep_storage === true;
  const stopped = await ctx.operation(
    { kind: 'registry.stop', target: root, detail: { keepStorage: keep } },
    () => stopLocalRegistry(root, { removeDir: !keep }),
    false,
  );
  ctx.log.info(
    stopped ? `buildset registry in ${root} stopped` : `no buildset registry running in ${root}`,
  );
  return { summary: stopped ? 'stopped' : 'not running', result: { stopped, root } };
}

export const stopBuildsetRegistryRole: RoleDefinition = {
  name: 'stop-buildset-registry',
  schema: stopBuildsetRegistrySchema,
  run: stopBuildsetRegistry,
};
