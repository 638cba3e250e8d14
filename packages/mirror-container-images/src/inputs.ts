import { InputError } from '@zuul-ts/role-kit';
import { registryCredentials } from '@zuul-ts/container-vars';
import type { Vars } from '@zuul-ts/role-kit';
import type { RegistryCredential } from '@zuul-ts/container-vars';
import { InvalidReferenceError, isValidTag, parseReference } from '@zuul-ts/registry';

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

const FIELDS = ['src_repository', 'src_tag', 'dest_repository', 'dest_tag', 'dest_registry'];

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
function destinationCredential(vars: Vars, path: string, registry: string, repository: string) {
  try {
    return registryCredentials(vars, registry, repository, path);
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    const field = err.path.endsWith('.registry') ? 'dest_registry' : 'dest_repository';
    throw new InputError(`${path}.${field}`, err.reason);
  }
}

/** Every item checked (fields, tags, references, credentials) before anything is read or copied. */
export function mirrorItems(vars: Vars): MirrorItem[] {
  const list = vars[IMAGES_VAR];
  if (!Array.isArray(list)) throw new InputError(IMAGES_VAR, 'must be a list of images');
  return list.map((raw, i) => {
    const path = `${IMAGES_VAR}[${i}]`;
    if (!raw || typeof raw !== 'object' || Array.isArray(raw))
      throw new InputError(path, 'must be a dict');
    const item = raw as Record<string, unknown>;
    for (const f of FIELDS)
      if (typeof item[f] !== 'string' || item[f] === '')
        throw new InputError(`${path}.${f}`, 'is required');
    const [srcRepo, srcTag, destRepo, destTag, destRegistry] = FIELDS.map((f) => item[f] as string);
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
      credential: destinationCredential(vars, path, destRegistry, destRepo),
    };
  });
}
