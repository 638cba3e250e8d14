import { InputError } from '@zuul-ts/role-kit';
import type { Vars } from '@zuul-ts/role-kit';
import { isValidTag, parseReference } from '@zuul-ts/registry';
import type { ImageReference } from '@zuul-ts/registry';
import type { ContainerImageArtifact } from './types';

/** The artifact push-to-intermediate-registry returns for one tag. */
export function containerImageArtifact(
  irLocation: string,
  repository: string,
  build: string,
  tag: string,
): ContainerImageArtifact {
  return {
    name: `${repository}:${tag}`,
    url: `docker://${irLocation}/${repository}:${build}_${tag}`,
    metadata: { type: 'container_image', repository, tag },
  };
}

/** A container_image artifact to pull: where it is and where it goes. */
export interface ArtifactToPull {
  /** `zuul.artifacts[3]` */
  path: string;
  source: ImageReference;
  repository: string;
  tag: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The `container_image` artifacts of `zuul_artifacts` (default `zuul.artifacts`), as
 * pull-from-intermediate-registry reads them: entries without metadata or of another
 * type are ignored; for a repeated `repository:tag` the LAST one in list order wins (zuul-jobs
 * copies them in order, so later copies overwrite earlier ones; we drop the earlier ones and
 * copy each destination once). Malformed container_image entries fail before any copy.
 */
export function artifactsToPull(vars: Vars): ArtifactToPull[] {
  const own = vars.zuul_artifacts != null;
  const base = own ? 'zuul_artifacts' : 'zuul.artifacts';
  const list = own
    ? vars.zuul_artifacts
    : (vars.zuul as { artifacts?: unknown } | undefined)?.artifacts;
  if (list == null) return [];
  if (!Array.isArray(list)) throw new InputError(base, 'must be a list of artifacts');
  const byDestination = new Map<string, ArtifactToPull>();
  list.forEach((a: unknown, i: number) => {
    if (!isObject(a) || !isObject(a.metadata) || a.metadata.type !== 'container_image') return;
    const path = `${base}[${i}]`;
    const { repository, tag } = a.metadata;
    if (typeof repository !== 'string' || repository === '')
      throw new InputError(`${path}.metadata.repository`, 'is required for a container_image');
    if (typeof tag !== 'string' || !isValidTag(tag))
      throw new InputError(`${path}.metadata.tag`, `${JSON.stringify(tag)} is not a valid tag`);
    if (typeof a.url !== 'string' || !a.url.startsWith('docker://'))
      throw new InputError(`${path}.url`, 'must be a docker://<registry>/<repository>:<tag> URL');
    let source: ImageReference;
    try {
      source = parseReference(a.url.slice('docker://'.length));
    } catch (e) {
      throw new InputError(`${path}.url`, (e as Error).message);
    }
    const key = `${repository}:${tag}`;
    byDestination.delete(key); // re-insert: keeps the order of the winning (last) entries
    byDestination.set(key, { path, source, repository, tag });
  });
  return [...byDestination.values()];
}
