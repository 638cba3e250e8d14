import { callApi } from '../http-api';
import type { ListedTag, TagBackend } from './types';

interface QuayTagPage {
  tags?: { name: string; last_modified?: string; end_ts?: number }[];
  has_additional?: boolean;
}

/**
 * quay REST API backend (zuul-jobs roles/remove-registry-tag/tasks/quay.yaml): Bearer
 * `api_token`, `DELETE <api>/repository/<path>/tag/<tag>`. Listing follows every page and asks
 * for active tags only (zuul-jobs read one page, history included, unauthenticated).
 */
export class QuayTagBackend implements TagBackend {
  readonly kind = 'quay';
  constructor(
    readonly repository: string,
    private readonly apiBase: string,
    private readonly repoPath: string,
    private readonly apiToken: string,
    private readonly signal?: AbortSignal,
  ) {}

  private url(suffix: string): string {
    return `${this.apiBase.replace(/\/+$/, '')}/repository/${this.repoPath}/tag/${suffix}`;
  }

  async listTags(): Promise<ListedTag[]> {
    const out: ListedTag[] = [];
    for (let page = 1; ; page++) {
      const { body } = await callApi({
        url: this.url(`?onlyActiveTags=true&limit=100&page=${page}`),
        authorization: `Bearer ${this.apiToken}`,
        signal: this.signal,
      });
      const data = body as QuayTagPage;
      for (const t of data.tags ?? []) {
        if (t.end_ts !== undefined) continue; // a history entry, not a live tag
        const when = t.last_modified ? new Date(t.last_modified) : undefined;
        out.push({ name: t.name, lastModified: when && !isNaN(+when) ? when : undefined });
      }
      if (!data.has_additional) return out;
    }
  }

  async deleteTag(tag: string): Promise<'deleted' | 'absent'> {
    const { status } = await callApi({
      method: 'DELETE',
      url: this.url(encodeURIComponent(tag)),
      authorization: `Bearer ${this.apiToken}`,
      accept: [404],
      signal: this.signal,
    });
    return status === 404 ? 'absent' : 'deleted';
  }
}
