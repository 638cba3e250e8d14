import { InputError } from '@zuul-ts/role-kit';
import { repositoryHost } from '@zuul-ts/registry';
import type { RegistryImage } from '@zuul-ts/container-vars';

export interface SplitRepository {
  registry: string;
  /** The path after the registry host (`org/app`). */
  path: string;
}

/**
 * zuul-jobs' split: text before the first `/` is the registry, the rest the path; a repository
 * without `/` fails with the zuul-jobs message (remove-registry-tag).
 */
export function splitRepository(repository: unknown, varPath: string): SplitRepository {
  if (typeof repository !== 'string' || repository === '')
    throw new InputError(varPath, 'is required');
  const slash = repository.indexOf('/');
  if (slash <= 0 || slash === repository.length - 1)
    throw new InputError(
      varPath,
      `${repository} must be a full container image url including registry location`,
    );
  return { registry: repository.slice(0, slash), path: repository.slice(slash + 1) };
}

/**
 * The repository as `<registry>/<path>` for tag removal: a Docker-Hub style short name
 * (`org/app`, registry `docker.io`) gets the image's registry in front, so it is not split as
 * registry `org` (zuul-jobs failed there, after the copy).
 */
export function withRegistryHost(image: Pick<RegistryImage, 'repository' | 'registry'>): string {
  return repositoryHost(image.repository)
    ? image.repository
    : `${image.registry}/${image.repository}`;
}
