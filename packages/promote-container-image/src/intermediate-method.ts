import { InputError, RoleFailure } from '@zuul-ts/role-kit';
import type { RoleContext, Vars } from '@zuul-ts/role-kit';
import type { RegistryImage } from '@zuul-ts/container-vars';
import { describeProgress } from '@zuul-ts/registry';
import { callApi } from './http-api';
import { digestOf } from './registry-ops';
import type { PromoteRegistryOps } from './registry-ops';
import type { PromoteResult, Promotion } from './types';

interface Build {
  uuid?: string;
  result?: string | null;
  artifacts?: {
    name?: string;
    url?: string;
    metadata?: { type?: string; repository?: string; tag?: string };
  }[];
}

/** `<promote_container_image_api>/builds?<promote_container_image_query>` (zuul-jobs default query). */
export function buildsQueryUrl(vars: Vars): string {
  const api = vars.promote_container_image_api;
  if (typeof api !== 'string' || !/^https?:\/\//.test(api))
    throw new InputError('promote_container_image_api', 'must be the Zuul tenant API URL');
  // The zuul-jobs default lives in roles/promote-container-image/defaults/main.yaml (rendered
  // lazily by the runner). This fallback builds the same query for library callers that pass
  // no defaults, and for an explicit null (the stock-Ansible stub's omitted value).
  let query = vars.promote_container_image_query;
  if (query === undefined || query === null) {
    const zuul = (vars.zuul ?? {}) as { change?: unknown; patchset?: unknown };
    const q = new URLSearchParams();
    q.set('change', String(zuul.change ?? ''));
    q.set('patchset', String(zuul.patchset ?? ''));
    q.set('pipeline', String(vars.promote_container_image_pipeline ?? ''));
    q.set('job_name', String(vars.promote_container_image_job ?? ''));
    query = q.toString();
  }
  if (typeof query !== 'string')
    throw new InputError('promote_container_image_query', 'must be a string');
  return `${api.replace(/\/+$/, '')}/builds?${query}`;
}

/**
 * The newest SUCCESSFUL build of the answer (newest first). zuul-jobs took `[0]` whatever its
 * result, which could promote a failed or still-running build.
 */
export function newestSuccessfulBuild(builds: unknown): Build | undefined {
  if (!Array.isArray(builds)) return undefined;
  return (builds as Build[]).find((b) => b && b.result === 'SUCCESS');
}

/** `container_image` artifacts keyed `<repository>:<tag>` → reference without `docker://` (later wins, as zuul-jobs). */
export function artifactMap(build: Build): Map<string, string> {
  const map = new Map<string, string>();
  for (const a of build.artifacts ?? []) {
    const m = a?.metadata;
    if (m?.type !== 'container_image' || !m.repository || !m.tag || typeof a.url !== 'string')
      continue;
    map.set(`${m.repository}:${m.tag}`, a.url.replace(/^docker:\/\//, ''));
  }
  return map;
}

/**
 * zuul-jobs' `intermediate-registry` method: copy each image tag,
 * all platforms, from the intermediate registry to `<repository>:<tag>`, verifying the digest.
 * Every artifact is looked up before the first copy; the intermediate registry is not changed.
 */
export async function promoteFromIntermediate(
  ctx: RoleContext,
  client: PromoteRegistryOps,
  images: RegistryImage[],
): Promise<PromoteResult> {
  const url = buildsQueryUrl(ctx.vars);
  // A read: done in dry runs too, so the plan lists the copies that would happen.
  const { body } = await callApi({ url, signal: ctx.signal });
  const result: PromoteResult = {
    method: 'intermediate-registry',
    promotions: [],
    removedChangeTags: [],
    leftChangeTags: [],
    cleanup: {},
  };
  const build = newestSuccessfulBuild(body);
  if (!build) throw new RoleFailure(`no successful build found at ${url}`);
  const artifacts = artifactMap(build);
  const plan: { source: string; target: string; repository: string; tag: string }[] = [];
  const missing: string[] = [];
  for (const image of images)
    for (const tag of image.tags) {
      const source = artifacts.get(`${image.repository}:${tag}`);
      if (source)
        plan.push({
          source,
          target: `${image.repository}:${tag}`,
          repository: image.repository,
          tag,
        });
      else missing.push(`${image.repository}:${tag}`);
    }
  if (missing.length)
    throw new RoleFailure(
      `build ${build.uuid ?? '?'} has no container_image artifact for ${missing.join(', ')}; nothing promoted`,
    );
  for (const p of plan) {
    const expected = await digestOf(client, p.source);
    if (!expected)
      throw new RoleFailure(
        `${p.source} (artifact of build ${build.uuid ?? '?'}) not found in the intermediate registry`,
      );
    const digest = await ctx.operation(
      { kind: 'registry.copy', target: p.target, detail: { from: p.source, allPlatforms: true } },
      () =>
        client.copy(p.source, p.target, {
          allPlatforms: true,
          onBytes: (b) => {
            const { message, detail } = describeProgress('copy', p.target, b);
            ctx.log.info(message, detail);
          },
        }),
      expected,
    );
    // The digest the destination registry reported for the PUT of the exact source bytes.
    if (digest !== expected)
      throw new RoleFailure(
        `${p.target}: copied digest ${digest} differs from ${p.source} (${expected})`,
      );
    ctx.log.info(`promoted ${p.source} -> ${p.target} (${digest})`);
    const promotion: Promotion = { repository: p.repository, tag: p.tag, digest, source: p.source };
    result.promotions.push(promotion);
  }
  return result;
}
