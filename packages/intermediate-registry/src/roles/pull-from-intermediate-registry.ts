import { buildsetRepositoryPath } from '@zuul-ts/container-vars';
import type { RoleContext, RoleDefinition, RoleOutcome } from '@zuul-ts/role-kit';
import type { ImageReference } from '@zuul-ts/registry';
import { artifactsToPull } from '../artifacts';
import { copyOrFail, createCopier } from '../copier';
import { buildsetRegistry, intermediateRegistry } from '../endpoints';
import { pullSchema } from '../schemas';
import { settleAll } from '../settle';

const fmt = (r: ImageReference) => `${r.registry}/${r.repository}:${r.tag ?? r.digest ?? 'latest'}`;

/**
 * zuul-jobs' pull-from-intermediate-registry: every container_image
 * artifact of `zuul.artifacts` (or `zuul_artifacts`) is copied, all platforms, into the
 * buildset registry under its repository and tag (docker.io rule). A repeated repository:tag is
 * copied once, from the last artifact in list order, which is what zuul-jobs' sequential
 * overwriting ends with. No docker config, socat or certs.d file is written.
 */
export async function pullFromIntermediateRegistry(ctx: RoleContext): Promise<RoleOutcome> {
  const artifacts = artifactsToPull(ctx.vars);
  if (artifacts.length === 0) {
    ctx.log.info('pull-from-intermediate-registry: no container_image artifacts');
    return { summary: 'nothing to pull', result: { images: [] } };
  }
  const bsr = buildsetRegistry(ctx.vars);
  const ir = intermediateRegistry(ctx.vars);
  const copier = createCopier(ctx, [ir, bsr]);
  // Every destination is distinct after de-duplication, so the copies can run in parallel;
  // each operation is recorded synchronously, in artifact order (dry run == real run).
  const images = await settleAll(
    artifacts.map(async (a) => {
      const destination: ImageReference = {
        registry: bsr.location,
        repository: buildsetRepositoryPath(a.repository),
        tag: a.tag,
      };
      const digest = await ctx.operation(
        {
          kind: 'registry.copy',
          target: fmt(destination),
          detail: { source: fmt(a.source), allPlatforms: true },
        },
        // Transient registry errors are retried inside the client (zuul-jobs: retries 3).
        () => copyOrFail(copier, a.source, destination, a.path),
        undefined,
      );
      ctx.log.info(`pulled ${fmt(a.source)} -> ${fmt(destination)}${digest ? ` (${digest})` : ''}`);
      return {
        repository: a.repository,
        tag: a.tag,
        source: fmt(a.source),
        destination: fmt(destination),
        digest,
      };
    }),
  );
  return { summary: `${images.length} image(s) copied into ${bsr.location}`, result: { images } };
}

export const pullFromIntermediateRegistryRole: RoleDefinition = {
  name: 'pull-from-intermediate-registry',
  schema: pullSchema,
  run: pullFromIntermediateRegistry,
};
