import { RoleFailure } from '@zuul-ts/role-kit';
import type { RoleContext } from '@zuul-ts/role-kit';
import type { RegistryImage } from '@zuul-ts/container-vars';
import type { ContainerEngine } from '@zuul-ts/engine';
import { describeProgress, isLoopback, withRetry, type RegistryClient } from '@zuul-ts/registry';

/** One remote tag written by the upload. */
export interface UploadedTag {
  repository: string;
  tag: string;
  digest: string;
  /**
   * `engine.push` for the one engine push per image, `registry.retag` for the others; a
   * multi-arch image's first tag is `registry.copy` (from the buildset registry) or
   * `registry.put-index` (assembled from the local per-platform images).
   */
  via: 'engine.push' | 'registry.retag' | 'registry.copy' | 'registry.put-index';
}

export interface UploadDeps {
  engine?: ContainerEngine;
  client: RegistryClient;
  /** Retry policy of engine pushes (zuul-jobs: retries 3, delay 30 s). */
  attempts: number;
  baseDelayMs: number;
}

/** An image's tags grouped by local image ID: each group needs one engine push. */
export interface PushGroup {
  imageId: string;
  tags: string[];
}

/**
 * Reads the local image ID of every tag (before anything is pushed): a missing local image is
 * an error naming it. Tags of one build share an ID, so usually there is one group.
 */
export async function localGroups(
  engine: ContainerEngine | undefined,
  image: RegistryImage,
  tags: string[],
): Promise<PushGroup[]> {
  if (!engine) return [{ imageId: 'dry-run', tags }];
  const groups = new Map<string, string[]>();
  for (const tag of tags) {
    const details = await engine.inspect(`${image.repository}:${tag}`);
    if (!details)
      throw new RoleFailure(
        `${image.path}: local image ${image.repository}:${tag} not found in the ${engine.kind} image store (was it built on this host?)`,
      );
    groups.set(details.id, [...(groups.get(details.id) ?? []), tag]);
  }
  return [...groups].map(([imageId, t]) => ({ imageId, tags: t }));
}

/**
 * Worth another push? Not for authentication/permission errors or a missing image: retrying
 * those only delays the failure (zuul-jobs retried every error, 30 s apart).
 */
export function isTransientPushError(err: unknown): boolean {
  const status = (err as { statusCode?: number } | null)?.statusCode;
  if (status !== undefined && status >= 400 && status < 500 && status !== 408 && status !== 429)
    return false;
  const message = (err as Error | null)?.message ?? '';
  return !/unauthori[sz]ed|authentication required|denied|forbidden|no such image|does not exist|not found: manifest unknown/i.test(
    message,
  );
}

export async function enginePush(
  ctx: RoleContext,
  deps: UploadDeps,
  image: RegistryImage,
  tag: string,
): Promise<string> {
  const reference = `${image.repository}:${tag}`;
  return ctx.operation(
    { kind: 'engine.push', target: reference, detail: { engine: deps.engine?.kind } },
    async () => {
      const engine = deps.engine!;
      const head = async () => (await deps.client.headManifest(reference))?.digest;
      const pushed = await withRetry(
        () =>
          engine.push({
            reference,
            // Credentials reach the engine only as X-Registry-Auth (never argv or a file).
            auth: {
              username: image.credential.username,
              password: image.credential.password,
              serveraddress: image.registry,
            },
            // TLS verification is only relaxed for loopback registries (podman `tlsVerify=false`).
            insecure: isLoopback(image.registry),
            digestFallback: head,
            signal: ctx.signal,
            onBytes: (b) => {
              const { message, detail } = describeProgress('push', reference, b);
              ctx.log.info(message, detail);
            },
          }),
        {
          attempts: deps.attempts,
          baseDelayMs: deps.baseDelayMs,
          signal: ctx.signal,
          retryable: isTransientPushError,
          onRetry: (err, attempt, delay) =>
            ctx.log.warn(
              `push ${reference} attempt ${attempt}/${deps.attempts} failed (${(err as Error).message}); retrying in ${Math.round(delay / 100) / 10}s`,
            ),
        },
      );
      // Verified against the registry's own answer, not only the engine's report.
      const stored = await head();
      if (!stored || (pushed.digest && pushed.digest !== stored))
        throw new RoleFailure(
          `push ${reference}: registry has ${stored ?? 'nothing'}, engine reported ${pushed.digest}`,
        );
      return stored;
    },
    'sha256:dry-run',
  );
}

export async function registryRetag(
  ctx: RoleContext,
  deps: UploadDeps,
  image: RegistryImage,
  from: string,
  tag: string,
  expected: string,
): Promise<string> {
  const target = `${image.repository}:${tag}`;
  return ctx.operation(
    { kind: 'registry.retag', target, detail: { from, digest: expected } },
    async () => {
      const digest = await deps.client.retag(image.repository, from, tag);
      if (digest !== expected)
        throw new RoleFailure(`${target}: retag stored ${digest}, expected ${expected}`);
      return digest;
    },
    expected,
  );
}

/**
 * One engine push per local image (the first tag); every other tag is a registry retag of the
 * pushed digest, verified. zuul-jobs pushed every tag through the engine (one full push each).
 */
export async function uploadImage(
  ctx: RoleContext,
  deps: UploadDeps,
  image: RegistryImage,
  groups: PushGroup[],
): Promise<UploadedTag[]> {
  const out: UploadedTag[] = [];
  for (const group of groups) {
    const [first, ...rest] = group.tags;
    const digest = await enginePush(ctx, deps, image, first);
    out.push({ repository: image.repository, tag: first, digest, via: 'engine.push' });
    for (const tag of rest) {
      await registryRetag(ctx, deps, image, first, tag, digest);
      out.push({ repository: image.repository, tag, digest, via: 'registry.retag' });
    }
  }
  ctx.log.info(`uploaded ${image.repository}: ${out.map((t) => t.tag).join(', ')}`);
  return out;
}
