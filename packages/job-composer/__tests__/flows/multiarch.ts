import { localPlatformTag } from '@zuul-ts/container-vars';
import type { RegistryClient } from '@zuul-ts/registry';
import { normalizeTemporary } from './helpers';

/** The sample project's two-platform image (`examples/sample-project`, image `base`). */
export const BASE_PLATFORMS = ['linux/amd64', 'linux/arm64'];

/**
 * the tag is an OCI index listing exactly the requested platforms, each child's
 * config of that platform (zuul-jobs uploaded the host platform only). Returns the digest.
 */
export async function expectFullIndex(
  client: RegistryClient,
  ref: string,
  platforms: string[] = BASE_PLATFORMS,
): Promise<string> {
  const m = await client.getManifest(ref);
  const index = JSON.parse(m.bytes.toString()) as {
    manifests?: { platform?: { os: string; architecture: string } }[];
  };
  expect(
    (index.manifests ?? []).map((c) => `${c.platform?.os}/${c.platform?.architecture}`),
  ).toEqual(platforms);
  for (const p of platforms) {
    const [os, architecture] = p.split('/');
    const config = await client.getImageConfig(ref, { os, architecture });
    expect(`${config.os}/${config.architecture}`).toBe(p);
  }
  return m.digest;
}

/**
 * As `normalizeTemporary`, and the upload role's run-unique temporary per-platform tags
 * (`zuul-ts-tmp.<nonce>.<platform>`: the dry run draws another nonce than the real run).
 */
export function normalizeUploadTemporary(ops: string[]): string[] {
  return normalizeTemporary(ops).map((o) =>
    o.replace(/:zuul-ts-tmp\.[0-9a-f]{8}\./, ':zuul-ts-tmp.<nonce>.'),
  );
}

/** Local tags the build role keeps per platform, for cleanup. */
export function localPlatformRefs(repo: string, tags: string[]): string[] {
  return tags.flatMap((t) => BASE_PLATFORMS.map((p) => `${repo}:${localPlatformTag(t, p)}`));
}
