import { InputError, RoleFailure } from '@zuul-ts/role-kit';
import type { InputSchema, RoleDefinition, Vars } from '@zuul-ts/role-kit';
import { containerVars, dockerNames, dockerRegistry, DOCKER_HUB_REGISTRY } from './docker-vars';
import type { MapOptions } from './docker-vars';

/** The container role's errors in the docker variables' names (`docker_images[1].tags[0]`). */
function renamed(err: unknown, vars: Vars): unknown {
  let registry = DOCKER_HUB_REGISTRY;
  try {
    registry = dockerRegistry(vars) ?? DOCKER_HUB_REGISTRY;
  } catch {
    // An invalid docker_registry was reported before the container role ran.
  }
  const name = (s: string) => dockerNames(s, registry);
  if (err instanceof InputError) return new InputError(name(err.path), name(err.reason));
  if (err instanceof RoleFailure) return new RoleFailure(name(err.message), { cause: err });
  return err;
}

/**
 * A docker-image role: the container role `inner` run with the docker variables mapped onto
 * the container ones (`containerVars`), its errors named after the docker variables.
 */
export function dockerRole(
  name: string,
  inner: RoleDefinition,
  schema: InputSchema<Vars>,
  options: MapOptions,
): RoleDefinition {
  return {
    name,
    schema,
    checkInputs(vars) {
      const mapped = containerVars(vars, options);
      try {
        inner.checkInputs?.(mapped);
      } catch (err) {
        throw renamed(err, vars);
      }
    },
    async run(ctx) {
      // The mapped variables are the container role's inputs: the docker schema checked the
      // same shapes under the docker names.
      const vars = containerVars(ctx.vars, options);
      try {
        return await inner.run({ ...ctx, vars, inputs: vars });
      } catch (err) {
        throw renamed(err, ctx.vars);
      }
    },
  };
}
