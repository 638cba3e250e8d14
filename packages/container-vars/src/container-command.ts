import { InputError } from '@zuul-ts/role-kit';
import type { Vars } from '@zuul-ts/role-kit';

export type ContainerCommand = 'podman' | 'docker';

/** zuul-jobs' build-container-image default (roles/build-container-image/defaults/main.yaml). */
export const DEFAULT_CONTAINER_COMMAND: ContainerCommand = 'podman';

/**
 * `container_command`, defaulting to podman in every role (zuul-jobs' upload role has no
 * default and fails with an undefined variable).
 */
export function containerCommand(vars: Vars): ContainerCommand {
  const value = vars.container_command ?? DEFAULT_CONTAINER_COMMAND;
  if (value !== 'podman' && value !== 'docker') {
    throw new InputError(
      'container_command',
      `must be "podman" or "docker", got ${JSON.stringify(value)}`,
    );
  }
  return value;
}
