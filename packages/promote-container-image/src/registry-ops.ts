import type { TransferProgress } from '@zuul-ts/registry';
import type { RegistryTagOps } from './tag-backends/registry';

/** The registry-client operations promote needs (structural: the real RegistryClient fits). */
export interface PromoteRegistryOps extends RegistryTagOps {
  /** undefined when the reference does not exist. */
  headManifest(ref: string): Promise<{ digest: string } | undefined>;
  /** GET `<repo>:<from>` exact bytes, PUT as `<to>`; resolves to the digest the registry stored. */
  retag(repository: string, fromTag: string, toTag: string): Promise<string>;
  /** Exact bytes, media type and their digest. */
  getManifest(ref: string): Promise<{ bytes: Buffer; mediaType: string; digest: string }>;
  /** PUT exact bytes; resolves once the tag is verified to name their digest. */
  putManifestVerified(ref: string, bytes: Buffer, mediaType: string): Promise<string>;
  /** Registry-to-registry copy; resolves to the destination digest. */
  copy(
    src: string,
    dst: string,
    options: { allPlatforms: boolean; onBytes?: (p: TransferProgress) => void },
  ): Promise<string>;
}

export function isNotFound(err: unknown): boolean {
  return (err as { status?: number } | null)?.status === 404;
}

/** HEAD a reference: its digest, or undefined when it does not exist. */
export async function digestOf(
  client: PromoteRegistryOps,
  ref: string,
): Promise<string | undefined> {
  try {
    return (await client.headManifest(ref))?.digest;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** GET a reference's exact bytes, or undefined when it does not exist. */
export async function manifestOf(
  client: PromoteRegistryOps,
  ref: string,
): Promise<{ bytes: Buffer; mediaType: string; digest: string } | undefined> {
  try {
    return await client.getManifest(ref);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}
