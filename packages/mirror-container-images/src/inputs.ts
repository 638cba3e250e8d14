import { InputError } from '@zuul-ts/role-kit';
import { registryCredentials } from '@zuul-ts/container-vars';
import type { RegistryCredential } from '@zuul-ts/container-vars';
import { InvalidReferenceError, isValidTag, parseReference } from '@zuul-ts/registry';
import type { MirrorInputs } from './schema';

export const IMAGES_VAR = 'mirror_container_images_images';

/** One `mirror_container_images_images` item, checked. */
export interface MirrorItem {
  /** Variable path, e.g. `mirror_container_images_images[2]`. */
  path: string;
  /** `<src_repository>:<src_tag>` */
  source: string;
  /** `<dest_repository>:<dest_tag>` */
  destination: string;
  destRegistry: string;
  credential: RegistryCredential;
}

function reference(path: string, repository: string, tag: string): string {
  const ref = `${repository}:${tag}`;
  try {
    parseReference(ref);
  } catch (err) {
    if (err instanceof InvalidReferenceError) throw new InputError(path, err.message);
    throw err;
  }
  return ref;
}

/**
 * The destination's credentials with upload's two checks (`<registry> credentials not found`,
 * repository regex). The errors name this item's `dest_registry` / `dest_repository`; zuul-jobs
 * printed an undefined `zj_image.repository` in the regex failure.
 */
function destinationCredential(
  inputs: MirrorInputs,
  path: string,
  registry: string,
  repository: string,
) {
  try {
    return registryCredentials(inputs, registry, repository, path);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    const field = err.path.endsWith('.registry') ? 'dest_registry' : 'dest_repository';
    throw new InputError(`${path}.${field}`, err.reason);
  }
}

/**
 * Every item checked (tags, references, credentials) before anything is read or copied; the
 * schema has already required each field as a non-empty string.
 */
export function mirrorItems(inputs: MirrorInputs): MirrorItem[] {
  return inputs[IMAGES_VAR].map((item, i) => {
    const path = `${IMAGES_VAR}[${i}]`;
    const {
      src_repository: srcRepo,
      src_tag: srcTag,
      dest_repository: destRepo,
      dest_tag: destTag,
      dest_registry: destRegistry,
    } = item;
    for (const [f, tag] of [
      ['src_tag', srcTag],
      ['dest_tag', destTag],
    ])
      if (!isValidTag(tag)) throw new InputError(`${path}.${f}`, `${tag} is not a valid tag`);
    return {
      path,
      source: reference(`${path}.src_repository`, srcRepo, srcTag),
      destination: reference(`${path}.dest_repository`, destRepo, destTag),
      destRegistry,
      credential: destinationCredential(inputs, path, destRegistry, destRepo),
    };
  });
}
