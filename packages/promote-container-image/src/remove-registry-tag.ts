import { defineRole, InputError } from '@zuul-ts/role-kit';
import { withRoleRegistryClient } from '@zuul-ts/container-vars';
import { removeRegistryTagSchema } from './schema';
import type { RemoveRegistryTagInputs, TagRemovalInputs } from './schema';
import type { RoleContext, RoleOutcome } from '@zuul-ts/role-kit';
import type { RegistryCredential } from '@zuul-ts/container-vars';
import { cleanupLeakedTags } from './cleanup';
import type { CleanupPolicy, CleanupResult } from './cleanup';
import { apiUrlOverride, cleanupAge, cleanupRegex } from './cleanup-inputs';
import type { RegistryTagOps } from './tag-backends/registry';
import { createTagBackend } from './tag-backends/select';
import type { TagBackend } from './tag-backends/types';
import { splitRepository } from './repository';

/**
 * zuul-jobs' credentials lookup for tag removal: when `container_registry_credentials` is
 * defined the registry must be a key; when it is undefined, none is required (the generic
 * registry backend then uses the docker config).
 */
export function removalCredentials(
  inputs: TagRemovalInputs,
  registry: string,
  path: string,
): RegistryCredential | undefined {
  const all = inputs.container_registry_credentials;
  if (all === undefined || all === null) return undefined;
  if (!Object.prototype.hasOwnProperty.call(all, registry) || !all[registry])
    throw new InputError(path, `${registry} credentials not found`);
  return all[registry];
}

/** The tag backend for `repository` (`<registry>/<path>`); every input check happens here. */
export function tagBackendFor(
  ctx: RoleContext<TagRemovalInputs>,
  client: RegistryTagOps,
  repository: string,
  repoVarPath: string,
): TagBackend {
  const { registry, path } = splitRepository(repository, repoVarPath);
  const cred = removalCredentials(ctx.inputs, registry, repoVarPath);
  return createTagBackend({
    repository,
    registry,
    repoPath: path,
    cred,
    apiUrl: apiUrlOverride(ctx.inputs),
    credPath: `container_registry_credentials.${registry}`,
    client,
    addSecret: (v) => ctx.addSecret(v),
    signal: ctx.signal,
  });
}

/** Deletes one tag by name through the backend, recorded as an operation. */
export async function deleteOneTag(
  ctx: RoleContext,
  backend: TagBackend,
  tag: string,
): Promise<'deleted' | 'absent'> {
  return ctx.operation(
    {
      kind: backend.kind === 'registry' ? 'registry.delete-tag' : 'api.delete-tag',
      target: `${backend.repository}:${tag}`,
      detail: { backend: backend.kind },
    },
    () => backend.deleteTag(tag),
    'deleted',
  );
}

/** Leaked-tag cleanup as one recorded operation (a dry run lists and deletes nothing). */
export function cleanupWithBackend(
  ctx: RoleContext,
  backend: TagBackend,
  policy: CleanupPolicy,
): Promise<CleanupResult> {
  return ctx.operation(
    {
      kind: backend.kind === 'registry' ? 'registry.cleanup-tags' : 'api.cleanup-tags',
      target: backend.repository,
      detail: {
        backend: backend.kind,
        regex: policy.regex.source,
        maxAgeSeconds: policy.maxAgeSeconds,
      },
    },
    () => cleanupLeakedTags(backend, policy),
    { deleted: [], absent: [] },
  );
}

async function run(ctx: RoleContext<RemoveRegistryTagInputs>): Promise<RoleOutcome> {
  const repository = ctx.inputs.remove_registry_tag_repository;
  const tag = ctx.inputs.remove_registry_tag_tag ?? undefined;
  // Compile the cleanup regex now, so a bad one fails before any request.
  const regex = cleanupRegex(ctx.inputs);
  const maxAgeSeconds = cleanupAge(ctx.inputs);
  return withRoleRegistryClient(ctx, async (client) => {
    const backend = tagBackendFor(ctx, client, repository, 'remove_registry_tag_repository');
    if (typeof tag === 'string') {
      const outcome = await deleteOneTag(ctx, backend, tag);
      const summary =
        outcome === 'deleted'
          ? `removed tag ${repository}:${tag}`
          : `tag ${repository}:${tag} was already absent`;
      ctx.log.info(summary);
      return {
        summary,
        result: {
          repository,
          deleted: outcome === 'deleted' ? [tag] : [],
          absent: outcome === 'absent' ? [tag] : [],
        },
      };
    }
    const result = await cleanupWithBackend(ctx, backend, {
      regex,
      maxAgeSeconds,
      now: new Date(),
    });
    const summary = `removed ${result.deleted.length} leaked tag(s) from ${repository}`;
    ctx.log.info(summary + (result.deleted.length ? `: ${result.deleted.join(', ')}` : ''));
    return { summary, result: { repository, ...result } };
  });
}

export const removeRegistryTagRole = defineRole({
  name: 'remove-registry-tag',
  inputSchema: removeRegistryTagSchema,
  run,
});
