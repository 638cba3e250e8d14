import { defineRole, RoleFailure } from '@zuul-ts/role-kit';
import { withRoleRegistryClient } from '@zuul-ts/container-vars';
import type { RoleContext, RoleOutcome } from '@zuul-ts/role-kit';
import { createLimit } from '@zuul-ts/registry';
import { mirrorOne } from './copy-one';
import type { Mirrored } from './copy-one';
import { mirrorItems } from './inputs';
import { mirrorSchema } from './schema';
import type { MirrorInputs } from './schema';
import { sourceDigests } from './sources';

/** Images copied at once; the registry client bounds requests per host on top of this. */
export const IMAGE_CONCURRENCY = 4;

async function run(ctx: RoleContext<MirrorInputs>): Promise<RoleOutcome> {
  const items = mirrorItems(ctx.inputs); // every item checked before any request
  return withRoleRegistryClient(ctx, async (client) => {
    const digests = await sourceDigests(client, items);
    const limit = createLimit(IMAGE_CONCURRENCY);
    // Every copy settles before the role reports: none keeps writing after a failure is returned.
    const settled = await Promise.allSettled(
      items.map((item, i) => limit(() => mirrorOne(ctx, client, item, digests[i]))),
    );
    const failures = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as Error] : []));
    if (failures.length === 1) throw failures[0];
    if (failures.length)
      throw new RoleFailure(
        `${failures.length} of ${items.length} copies failed: ${failures.map((f) => f.message).join('; ')}`,
      );
    const mirrored = settled.map((s) => (s as PromiseFulfilledResult<Mirrored>).value);
    return { summary: `mirrored ${mirrored.length} image(s)`, result: { mirrored } };
  });
}

export const mirrorContainerImagesRole = defineRole({
  name: 'mirror-container-images',
  inputSchema: mirrorSchema,
  checkInputs: (inputs) => void mirrorItems(inputs),
  run,
});
