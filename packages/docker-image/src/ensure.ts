import { ContainerEngine } from '@zuul-ts/engine';
import type { EngineKind } from '@zuul-ts/engine';
import { RoleFailure } from '@zuul-ts/role-kit';
import type { RoleContext, RoleDefinition, RoleOutcome } from '@zuul-ts/role-kit';

/**
 * zuul-jobs' ensure-docker / ensure-podman install the engine on the node. zuul-ts reaches the
 * engine through its API (host variable `container_engine_host`, else DOCKER_HOST /
 * CONTAINER_HOST / the standard socket), so these check instead what a job needs: the engine
 * answers, and it is the engine asked for (a podman service behind a docker socket is refused).
 */
async function checkEngine(ctx: RoleContext, kind: EngineKind): Promise<RoleOutcome> {
  const explicit = ctx.host.vars.container_engine_host as string | undefined;
  if (ctx.dryRun) return { summary: `${kind} not checked (dry run)` };
  let engine: ContainerEngine;
  try {
    engine = await ContainerEngine.connect({ kind, endpoint: explicit });
  } catch (err) {
    throw new RoleFailure(
      `ensure-${kind}: ${(err as Error).message} (set the host variable container_engine_host to the engine's API endpoint)`,
      { cause: err },
    );
  }
  const { info } = engine;
  if (info.kind !== kind)
    throw new RoleFailure(
      `ensure-${kind}: the engine at ${info.endpoint} is ${info.kind} ${info.version}, not ${kind}`,
    );
  const summary = `${kind} ${info.version} (API ${info.apiVersion}) at ${info.endpoint}`;
  ctx.log.info(summary);
  return { summary, result: { engine: info } };
}

const hostOnly = { type: 'object', properties: {} };

export const ensureDockerRole: RoleDefinition = {
  name: 'ensure-docker',
  schema: hostOnly,
  run: (ctx) => checkEngine(ctx, 'docker'),
};

export const ensurePodmanRole: RoleDefinition = {
  name: 'ensure-podman',
  schema: hostOnly,
  run: (ctx) => checkEngine(ctx, 'podman'),
};

/**
 * ensure-skopeo: zuul-jobs installs skopeo for mirror-container-images and the intermediate
 * registry roles. Their zuul-ts implementations copy with the built-in registry client, so there
 * is nothing to install or check; the role only says so.
 */
export const ensureSkopeoRole: RoleDefinition = {
  name: 'ensure-skopeo',
  schema: hostOnly,
  run(ctx) {
    const summary = 'skopeo is not needed: images are copied with the zuul-ts registry client';
    ctx.log.info(summary);
    return Promise.resolve({ summary });
  },
};
