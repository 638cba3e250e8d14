import { InputError } from '@zuul-ts/role-kit';
import { imageTags } from '@zuul-ts/container-vars';
import type { Vars } from '@zuul-ts/role-kit';
import { isValidRepository, isValidTag } from '@zuul-ts/registry';

/** One image to push, with the variable path used in error messages. */
export interface ImageToPush {
  /** `container_images[0]` or `docker_images[0]`. */
  path: string;
  /** As configured (a leading `docker.io/` is kept: it is part of the artifact). */
  repository: string;
  tags: string[];
}

/**
 * The images push-to-intermediate-registry reads: `docker_images` when defined, else
 * `container_images` (zuul-jobs: `docker_images | default(container_images)`), or undefined
 * when neither is defined (the role then does nothing, like zuul-jobs' `when`).
 * Every repository and tag is checked up front so a bad entry fails before any copy.
 */
export function imagesToPush(vars: Vars): ImageToPush[] | undefined {
  const name = vars.docker_images != null ? 'docker_images' : 'container_images';
  const list = vars[name];
  if (list == null) return undefined;
  if (!Array.isArray(list)) throw new InputError(name, 'must be a list of images');
  return list.map((item: unknown, i: number) => {
    const path = `${name}[${i}]`;
    if (!item || typeof item !== 'object' || Array.isArray(item))
      throw new InputError(path, 'must be a dict with at least repository');
    const image = item as { repository?: unknown; tags?: unknown };
    if (typeof image.repository !== 'string' || image.repository === '')
      throw new InputError(`${path}.repository`, 'is required');
    if (!validRepository(image.repository))
      throw new InputError(`${path}.repository`, `"${image.repository}" is not a valid image name`);
    if (image.tags != null && !Array.isArray(image.tags))
      throw new InputError(`${path}.tags`, 'must be a list of tags');
    const tags = imageTags({ repository: image.repository, tags: image.tags as string[] });
    tags.forEach((t, j) => {
      if (typeof t !== 'string' || !isValidTag(t))
        throw new InputError(`${path}.tags[${j}]`, `${JSON.stringify(t)} is not a valid tag`);
    });
    return { path, repository: image.repository, tags };
  });
}

/** `[host[:port]/]path`: the path must be a valid distribution name. */
function validRepository(repository: string): boolean {
  const slash = repository.indexOf('/');
  const first = slash > 0 ? repository.slice(0, slash) : '';
  const hasHost = first.includes('.') || first.includes(':') || first === 'localhost';
  return isValidRepository(hasHost ? repository.slice(slash + 1) : repository);
}
