import { describeProgress, RegistryClient, StaticCredentialStore } from '@zuul-ts/registry';
import type { ImageReference } from '@zuul-ts/registry';
import { RoleFailure } from '@zuul-ts/role-kit';
import type { RoleContext } from '@zuul-ts/role-kit';
import type { RegistryEndpoint } from './types';

/** What the push/pull roles need from the registry client. */
export interface ImageCopier {
  /** Copies every platform of `src` to `dst`; resolves to the (verified) manifest digest. */
  copy(src: ImageReference, dst: ImageReference): Promise<string>;
}

/**
 * A registry client whose credentials and CAs come only from the given endpoints, in memory:
 * nothing is read from or written to `~/.docker/config.json` (zuul-jobs merges both registries'
 * auth into that file and restores it afterwards; with no file there is nothing to leak,
 * shred or restore). Passwords are registered with the context for redaction.
 */
export function createCopier(ctx: RoleContext, endpoints: RegistryEndpoint[]): ImageCopier {
  const credentials = [];
  const ca: Record<string, string> = {};
  const insecure: string[] = [];
  for (const e of endpoints) {
    if (e.username !== undefined && e.password !== undefined) {
      ctx.addSecret(e.password);
      credentials.push({ registry: e.location, username: e.username, password: e.password });
    }
    if (e.ca) ca[e.location] = e.ca;
    if (e.insecure) insecure.push(e.location);
  }
  const client = new RegistryClient({
    // A CredentialStore (not an array): the client then never falls back to the docker config.
    credentials: new StaticCredentialStore(credentials),
    ca,
    insecure,
  });
  return {
    copy: (src, dst) =>
      client.copy(src, dst, {
        allPlatforms: true,
        onBytes: (b) => {
          const { message, detail } = describeProgress('copy', fmt(dst), b);
          ctx.log.info(message, detail);
        },
      }),
  };
}

const fmt = (r: ImageReference) => `${r.registry}/${r.repository}:${r.tag ?? r.digest ?? 'latest'}`;

/** One copy; a failure names the variable entry and both references (never credentials). */
export async function copyOrFail(
  copier: ImageCopier,
  src: ImageReference,
  dst: ImageReference,
  path: string,
): Promise<string> {
  try {
    return await copier.copy(src, dst);
  } catch (e) {
    throw new RoleFailure(
      `${path}: copy ${fmt(src)} -> ${fmt(dst)} failed: ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
}
