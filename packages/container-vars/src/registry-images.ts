import { isValidTag } from '@zuul-ts/registry';
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

/** The variables `registryImages` reads, as the upload and promote schemas accept them. */
export type RegistryImagesInputs = {
  container_images: ContainerImage[];
  container_registry_credentials?: Record<string, RegistryCredential> | null;
};

/**
 * `container_images` for upload/promote, with zuul-jobs' two checks (credentials present,
 * repository permitted by the credentials' regex) run over EVERY image before the caller does
 * anything, so bad input fails with nothing pushed, tagged or deleted. The role's schema has
 * already checked the list's shape; `registry` (optional for the build role) and the tag syntax
 * are checked here.
 */
export function registryImages(inputs: RegistryImagesInputs): RegistryImage[] {
  return inputs.container_images.map((image, i) => {
    const path = `container_images[${i}]`;
    if (!image.registry) throw new InputError(`${path}.registry`, 'is required');
    image.tags?.forEach((t, j) => {
      if (!isValidTag(t))
        throw new InputError(`${path}.tags[${j}]`, `${JSON.stringify(t)} is not a valid tag`);
    });
    const credential = registryCredentials(inputs, image.registry, image.repository, path);
    return {
      path,
      repository: image.repository,
      registry: image.registry,
      tags: imageTags(image),
      credential,
    };
  });
}
