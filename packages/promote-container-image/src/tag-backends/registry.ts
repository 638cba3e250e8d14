import type { KnownTag, ListedTag, TagBackend } from './types';

/** The registry-client operations this backend needs (structural, so tests see the real client). */
export interface RegistryTagOps {
  listTags(repository: string): Promise<string[]>;
  getImageConfig(ref: string): Promise<{ created?: string }>;
  /** Removes one tag only (safe on distribution 2.8); false when it did not exist. */
  deleteTag(ref: string): Promise<boolean>;
  /** Several tags of one repository at once (one placeholder, one DELETE on distribution 2.8). */
  deleteTags?(
    repository: string,
    tags: string[],
    known?: Record<string, KnownTag>,
  ): Promise<{ deleted: string[]; absent: string[] }>;
}

/**
 * Before this, a `created` time is not a build time: reproducible builds set it to the epoch
 * (SOURCE_DATE_EPOCH=0) and some tools leave Go's zero time. Such a tag's age is unknown (kept),
 * or a fresh change tag of a concurrent job would look decades old and be cleaned away.
 */
export const PLAUSIBLE_CREATED_AFTER = Date.UTC(2000, 0, 1);

/** getImageConfig's own refusal (no platform child / not an image), not a transport error. */
function hasNoConfig(err: unknown): boolean {
  const e = err as { operation?: string; status?: number } | null;
  return e?.operation === 'getImageConfig' && !e.status;
}

function isNotFound(err: unknown): boolean {
  return (err as { status?: number } | null)?.status === 404;
}

/**
 * Any OCI registry through the registry API (`registry` type; zuul-jobs had no backend for
 * these). Deletion is the registry client's safe tag delete (spec tag DELETE,
 * else a unique throw-away manifest pushed onto the tag and deleted by ITS digest), so the
 * manifest the tag pointed at, and every other tag on it, survives. Age = image config `created`.
 */
export class RegistryTagBackend implements TagBackend {
  readonly kind = 'registry';
  constructor(
    readonly repository: string,
    private readonly client: RegistryTagOps,
  ) {}

  async listTags(wanted: (name: string) => boolean = () => true): Promise<ListedTag[]> {
    const names = await this.client.listTags(this.repository);
    const out: ListedTag[] = [];
    for (const name of names) {
      if (!wanted(name)) {
        out.push({ name });
        continue;
      }
      try {
        const config = await this.client.getImageConfig(`${this.repository}:${name}`);
        const when = config.created ? new Date(config.created) : undefined;
        const plausible = when && !isNaN(+when) && +when >= PLAUSIBLE_CREATED_AFTER;
        out.push({ name, lastModified: plausible ? when : undefined });
      } catch (err) {
        if (isNotFound(err)) continue; // removed meanwhile (a concurrent promote)
        // No image config to date it: an index without a usable child, e.g. a concurrent
        // promote's empty-index placeholder on its change tag a moment before its DELETE.
        // Age unknown = kept (never a reason to fail or to delete).
        if (hasNoConfig(err)) {
          out.push({ name });
          continue;
        }
        throw err;
      }
    }
    return out;
  }

  /** Batch removal through the client (see RegistryClient.deleteTags). */
  async deleteTags(
    tags: string[],
    known?: Record<string, KnownTag>,
  ): Promise<Map<string, 'deleted' | 'absent'>> {
    const out = new Map<string, 'deleted' | 'absent'>();
    if (!this.client.deleteTags) {
      for (const t of tags) out.set(t, await this.deleteTag(t));
      return out;
    }
    const r = await this.client.deleteTags(this.repository, tags, known);
    for (const t of r.deleted) out.set(t, 'deleted');
    for (const t of r.absent) out.set(t, 'absent');
    return out;
  }

  async deleteTag(tag: string): Promise<'deleted' | 'absent'> {
    try {
      return (await this.client.deleteTag(`${this.repository}:${tag}`)) ? 'deleted' : 'absent';
    } catch (err) {
      if (isNotFound(err)) return 'absent';
      throw err;
    }
  }
}
