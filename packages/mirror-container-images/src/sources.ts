import { RoleFailure } from '@zuul-ts/role-kit';
import { mapLimit } from '@zuul-ts/registry';
import type { ManifestHead, RefLike } from '@zuul-ts/registry';
import type { MirrorItem } from './inputs';

export interface SourceReader {
  headManifest(ref: RefLike): Promise<ManifestHead | undefined>;
}

/** Source manifests looked up at once (HEADs only: free on Docker Hub's pull limits). */
const HEAD_CONCURRENCY = 8;

/**
 * The digest of every source, read before the first copy: a missing source fails the role with
 * every missing one named and nothing written. The copy then reads the source by this digest,
 * so a tag moved in between cannot change what is mirrored.
 */
export async function sourceDigests(client: SourceReader, items: MirrorItem[]): Promise<string[]> {
  const heads = await mapLimit(items, HEAD_CONCURRENCY, (item) =>
    client.headManifest(item.source).catch((err: unknown) => {
      throw new RoleFailure(
        `${item.path}: cannot read ${item.source}: ${(err as Error).message}; nothing copied`,
        { cause: err },
      );
    }),
  );
  const missing = items.filter((_, i) => !heads[i]?.digest);
  if (missing.length)
    throw new RoleFailure(
      `source image not found, nothing copied: ${missing.map((m) => `${m.source} (${m.path})`).join(', ')}`,
    );
  return heads.map((h) => h!.digest);
}
