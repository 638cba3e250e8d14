import { RegistryError } from './errors';
import { formatReference } from './reference';
import * as scope from './scopes';
import type { Transport } from './transport';
import type { ImageReference } from './types';

/** Parses `Link: <url>; rel="next"` (RFC 5988). */
export function nextLink(link: string | undefined): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(/,(?=\s*<)/)) {
    const m = /<([^>]*)>\s*;(.*)$/.exec(part.trim());
    if (m && /rel="?next"?/i.test(m[2])) return m[1];
  }
  return undefined;
}

/**
 * Every tag of a repository, following `Link` pages (often relative on distribution; `last`
 * is exclusive). An unknown repository has no tags.
 */
export async function listTags(
  t: Transport,
  repo: ImageReference,
  pageSize = 1000,
): Promise<string[]> {
  const reference = formatReference({ registry: repo.registry, repository: repo.repository });
  const tags: string[] = [];
  let path = `/v2/${repo.repository}/tags/list?n=${pageSize}`;
  const seen = new Set<string>();
  while (path) {
    if (seen.has(path))
      throw new RegistryError({
        message: `tags list ${reference}: pagination loops`,
        operation: 'GET tags',
        reference,
      });
    seen.add(path);
    const res = await t.request({
      method: 'GET',
      registry: repo.registry,
      path,
      scopes: [scope.pull(repo.repository)],
      operation: 'GET tags',
      reference,
      accept: [404],
    });
    if (res.status === 404) return [];
    const body = JSON.parse(res.data.toString('utf8')) as { tags?: string[] | null };
    tags.push(...(body.tags ?? []));
    const next = nextLink(res.headers['link']);
    path = next ? new URL(next, res.url).toString() : '';
  }
  return [...new Set(tags)];
}
