import type { ListedTag, TagBackend } from './types';

/** The registry-client operations this backend needs (structural, so tests see the real client). */
export interface RegistryTagOps {
  listTags(repository: string): Promise<string[]>;
  getImageConfig(ref: string): Promise<{ created?: string }>;
  /** Removes one tag only (safe on distribution 2.8); false when it did not exist. */
  deleteTag(ref: string): Promise<boolean>;
}

/**
 * Before this, a `created` time is not a build time: reproducible builds set it to the epoch
 * (SOURCE_DATE_EPOCH=0) and some tools leave Go's zero time. Such a tag's age is unknown (kept),
 * or a fresh change tag of a concurrent job would look decades old and be cleaned away.
 */
export const PLAUSIBLE_CREATED_AFTER = Date.UTC(2000, 0, 1);

function isNotFound(err: unknown): boolean {
  return (err as { status?: number } | null)?.status === 404;
}

/**
 * Any OCI registry through the registry API (`registry` type; zuul-jobs had no backend for
 * these: B6/scenario 19). Deletion is the registry client's safe tag delete (spec tag DELETE,
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
        throw err;
      }
    }
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
