import { isValidTag } from '@zuul-ts/registry';
import type { Vars } from '@zuul-ts/role-kit';
import { InputError } from '@zuul-ts/role-kit';
import { registryCredentials } from './credentials';
import type { RegistryCredential } from './credentials';
import { imageTags } from './images';
import type { ContainerImage } from './images';

/** A `container_images` item checked for a role that talks to its registry (upload, promote). */
export interface RegistryImage {
  /** Variable path, e.g. `container_images[2]`. */
  path: string;
  repository: string;
  registry: string;
  /** Final tags (default `['latest']`). */
  tags: string[];
  credential: RegistryCredential;
}

/**
 * `container_images` for upload/promote, with zuul-jobs' two checks (credentials present,
 * repository permitted by the credentials' regex) run over EVERY image before the caller does
 * anything, so bad input fails with nothing pushed, tagged or deleted.
 */
export function registryImages(vars: Vars, listName = 'container_images'): RegistryImage[] {
  const list = vars[listName];
  if (!Array.isArray(list)) throw new InputError(listName, 'must be a list of images');
  return list.map((raw, i) => {
    const path = `${listName}[${i}]`;
    if (!raw || typeof raw !== 'object') throw new InputError(path, 'must be a dict');
    const image = raw as ContainerImage;
    if (typeof image.repository !== 'string' || image.repository === '')
      throw new InputError(`${path}.repository`, 'is required');
    if (typeof image.registry !== 'string' || image.registry === '')
      throw new InputError(`${path}.registry`, 'is required');
    if (image.tags !== undefined) {
      if (!Array.isArray(image.tags)) throw new InputError(`${path}.tags`, 'must be a list');
      image.tags.forEach((t, j) => {
        if (typeof t !== 'string' || !isValidTag(t))
          throw new InputError(`${path}.tags[${j}]`, `${JSON.stringify(t)} is not a valid tag`);
      });
    }
    const credential = registryCredentials(vars, image.registry, image.repository, path);
    return {
      path,
      repository: image.repository,
      registry: image.registry,
      tags: imageTags(image),
      credential,
    };
  });
}
