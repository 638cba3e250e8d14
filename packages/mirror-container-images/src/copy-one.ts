import { RoleFailure } from '@zuul-ts/role-kit';
import type { RoleContext } from '@zuul-ts/role-kit';
import { parseReference } from '@zuul-ts/registry';
import type { CopyOptions, ManifestHead, RefLike } from '@zuul-ts/registry';
import type { MirrorItem } from './inputs';

export interface MirrorCopier {
  copy(src: RefLike, dst: RefLike, opts?: CopyOptions): Promise<string>;
  headManifest(ref: RefLike): Promise<ManifestHead | undefined>;
}

/** One mirrored image: digest and how its blobs got there. */
export interface Mirrored {
  source: string;
  destination: string;
  digest: string;
  /** Blobs mounted from the source repository (same registry), uploaded, already present. */
  blobs: { mounted: number; uploaded: number; present: number };
}

/**
 * Copies one image with every platform (an index stays an index, its bytes unchanged), the
 * source read by the digest checked beforehand; blobs are mounted when both repositories are on
 * one registry and streamed otherwise (the registry client decides). The destination tag is then
 * read back: it must name the source digest. A failure names source and destination.
 */
export async function mirrorOne(
  ctx: RoleContext,
  client: MirrorCopier,
  item: MirrorItem,
  digest: string,
): Promise<Mirrored> {
  const blobs = { mounted: 0, uploaded: 0, present: 0 };
  const done: Mirrored = { source: item.source, destination: item.destination, digest, blobs };
  const pinned = { ...parseReference(item.source), tag: undefined, digest };
  const onProgress: CopyOptions['onProgress'] = (p) => {
    if (p.kind === 'blob-mount') blobs.mounted++;
    else if (p.kind === 'blob-upload') blobs.uploaded++;
    else if (p.kind === 'blob-skip') blobs.present++;
  };
  return ctx.operation(
    {
      kind: 'registry.copy',
      target: item.destination,
      detail: { from: item.source, digest, allPlatforms: true },
    },
    async () => {
      try {
        await client.copy(pinned, item.destination, { allPlatforms: true, onProgress });
        const head = await client.headManifest(item.destination);
        if (head?.digest !== digest)
          throw new Error(`the destination names ${head?.digest ?? 'nothing'}, expected ${digest}`);
      } catch (err) {
        throw new RoleFailure(
          `${item.path}: copy ${item.source} -> ${item.destination} failed: ${(err as Error).message}`,
          { cause: err },
        );
      }
      ctx.log.info(
        `copied ${item.source} -> ${item.destination} (${digest}; blobs: ${blobs.mounted} mounted, ${blobs.uploaded} uploaded, ${blobs.present} present)`,
      );
      return done;
    },
    done,
  );
}
