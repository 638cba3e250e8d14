import { InputError } from '@zuul-ts/role-kit';
import { buildsetRepositoryPath } from '@zuul-ts/container-vars';
import type { RoleContext, RoleDefinition, RoleOutcome } from '@zuul-ts/role-kit';
import { isValidTag } from '@zuul-ts/registry';
import type { ImageReference } from '@zuul-ts/registry';
import { containerImageArtifact } from '../artifacts';
import { copyOrFail, createCopier } from '../copier';
import { buildsetRegistry, intermediateRegistry } from '../endpoints';
import { imagesToPush } from '../images';
import { pushSchema } from '../schemas';
import { settleAll } from '../settle';
import type { ContainerImageArtifact } from '../types';
import { zuulBuild, zuulSuccess } from '../zuul';

interface PlannedCopy {
  /** `container_images[0].tags[1]`, named in a failure. */
  path: string;
  source: ImageReference;
  destination: ImageReference;
  artifact: ContainerImageArtifact;
}

const fmt = (r: ImageReference) => `${r.registry}/${r.repository}:${r.tag}`;

/**
 * zuul-jobs' push-to-intermediate-registry: every tag of every image
 * is copied, all platforms and digest-verified, from the buildset registry to
 * `<intermediate>/<repository>:<zuul.build>_<tag>`, and one artifact per tag is returned.
 * Registry-to-registry over HTTP with in-memory credentials: no socat forwarder and no port
 * file, no docker config rewrite/shred, and IPv6 hosts are used directly.
 */
export async function pushToIntermediateRegistry(ctx: RoleContext): Promise<RoleOutcome> {
  const vars = ctx.vars;
  // commit 10cea0b2 in zuul-jobs: do not publish images of a failed build.
  if (!zuulSuccess(vars)) {
    ctx.log.info('push-to-intermediate-registry: skipped, the build failed (zuul_success false)');
    return { summary: 'skipped: zuul_success is false', result: { artifacts: [] } };
  }
  const images = imagesToPush(vars);
  if (!images)
    return { summary: 'skipped: no docker_images or container_images', result: { artifacts: [] } };
  const build = zuulBuild(vars);
  const ir = intermediateRegistry(vars);
  const bsr = buildsetRegistry(vars);
  const plan: PlannedCopy[] = [];
  for (const image of images) {
    image.tags.forEach((tag, j) => {
      if (!isValidTag(`${build}_${tag}`))
        throw new InputError(
          `${image.path}.tags[${j}]`,
          `"${build}_${tag}" is longer than 128 characters`,
        );
      plan.push({
        path: `${image.path}.tags[${j}]`,
        // the one docker.io namespace rule shared with build-container-image.
        source: {
          registry: bsr.location,
          repository: buildsetRepositoryPath(image.repository),
          tag,
        },
        destination: {
          registry: ir.location,
          repository: image.repository,
          tag: `${build}_${tag}`,
        },
        artifact: containerImageArtifact(ir.location, image.repository, build, tag),
      });
    });
  }
  const copier = createCopier(ctx, [ir, bsr]);
  // Every operation is recorded now, in plan order, so a dry-run plan and a real run list the
  // same operations in the same order. Images copy in parallel; the tags of one image run one
  // after the other, so the second tag finds every blob already there (HEAD only).
  const previous = new Map<string, Promise<unknown>>();
  const copies = plan.map((c) => {
    const before = previous.get(c.destination.repository) ?? Promise.resolve();
    const copy = ctx.operation(
      {
        kind: 'registry.copy',
        target: fmt(c.destination),
        detail: { source: fmt(c.source), allPlatforms: true },
      },
      // Transient registry errors are retried inside the client (zuul-jobs: retries 3).
      () => before.then(() => copyOrFail(copier, c.source, c.destination, c.path)),
      undefined,
    );
    previous.set(c.destination.repository, copy);
    return copy;
  });
  // Wait for every copy (none keeps running after the role returns), then report the first error.
  const digests = await settleAll(copies);
  plan.forEach((c, i) =>
    ctx.log.info(
      `pushed ${fmt(c.source)} -> ${fmt(c.destination)}${digests[i] ? ` (${digests[i]})` : ''}`,
    ),
  );
  const artifacts = plan.map((p) => p.artifact);
  ctx.zuulReturn({ data: { zuul: { artifacts } } });
  return {
    summary: `${plan.length} tag(s) pushed to ${ir.location}`,
    result: { artifacts: plan.map((p, i) => ({ ...p.artifact, digest: digests[i] })) },
  };
}

export const pushToIntermediateRegistryRole: RoleDefinition = {
  name: 'push-to-intermediate-registry',
  schema: pushSchema,
  run: pushToIntermediateRegistry,
};
