import { createHash } from 'node:crypto';
import { platformProblem } from '@zuul-ts/registry';
import type { Vars } from '@zuul-ts/role-kit';
import { InputError } from '@zuul-ts/role-kit';

/**
 * The local tag under which build-container-image keeps one platform's image of a multi-arch
 * build (`<tag>` + `linux/arm64` → `zuul-ts-arch.linux-arm64.<tag>`), so upload-container-image
 * can assemble the full index without a buildset registry (zuul-jobs kept only the host
 * platform locally and uploaded a single-arch image). A tag too long for the 128-character limit
 * is shortened deterministically (prefix + hash of the whole tag).
 */
export function localPlatformTag(tag: string, platform: string): string {
  const full = `zuul-ts-arch.${platform.replace(/\//g, '-')}.${tag}`;
  if (full.length <= 128) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 16);
  return `${full.slice(0, 128 - 17)}.${hash}`;
}

/**
 * `container_images[i].arch` (platform strings) or undefined for a single-platform image; a
 * malformed value is an input error naming its path.
 */
export function imagePlatforms(
  vars: Vars,
  index: number,
  listName = 'container_images',
): string[] | undefined {
  const list = vars[listName];
  const image = Array.isArray(list) ? (list[index] as { arch?: unknown } | undefined) : undefined;
  const arch = image?.arch;
  if (arch === undefined || arch === null) return undefined;
  const path = `${listName}[${index}].arch`;
  if (!Array.isArray(arch)) throw new InputError(path, 'must be a list of platforms');
  arch.forEach((p, j) => {
    const problem = platformProblem(p);
    if (problem) throw new InputError(`${path}[${j}]`, problem);
  });
  return arch.length > 0 ? (arch as string[]) : undefined;
}
