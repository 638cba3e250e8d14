import type { ListedTag, TagBackend } from './tag-backends/types';

export interface CleanupPolicy {
  /** `remove_registry_tag_regex`, Python `re.search` semantics (unanchored). */
  regex: RegExp;
  /** `remove_registry_tag_age` in seconds. */
  maxAgeSeconds: number;
  now: Date;
  /** Tags never touched (e.g. the final tags this run just promoted). */
  keep?: ReadonlySet<string>;
}

/**
 * The leaked tags to delete: name matches the regex AND the tag is older than the age. Age is
 * compared in TOTAL seconds, in UTC (zuul-jobs compared `timedelta.seconds`, the within-day
 * component, against naive local `now()`, so nothing ever matched). A tag whose age
 * is unknown is kept.
 */
export function selectLeakedTags(tags: ListedTag[], policy: CleanupPolicy): string[] {
  return tags
    .filter((t) => !policy.keep?.has(t.name))
    .filter((t) => policy.regex.test(t.name))
    .filter(
      (t) =>
        t.lastModified !== undefined &&
        (policy.now.getTime() - t.lastModified.getTime()) / 1000 > policy.maxAgeSeconds,
    )
    .map((t) => t.name);
}

export interface CleanupResult {
  deleted: string[];
  /** Selected but already gone when deleted (another job removed them). */
  absent: string[];
}

/** Lists every page, selects, and deletes each tag BY NAME (zuul-jobs interpolated the whole dict). */
export async function cleanupLeakedTags(
  backend: TagBackend,
  policy: CleanupPolicy,
): Promise<CleanupResult> {
  const tags = await backend.listTags((name) => policy.regex.test(name) && !policy.keep?.has(name));
  const result: CleanupResult = { deleted: [], absent: [] };
  const selected = selectLeakedTags(tags, policy);
  if (backend.deleteTags && selected.length > 1) {
    // Generic registry: one placeholder and one DELETE for all of them (still by name).
    const outcomes = await backend.deleteTags(selected);
    for (const name of selected)
      (outcomes.get(name) === 'deleted' ? result.deleted : result.absent).push(name);
    return result;
  }
  for (const name of selected) {
    const outcome = await backend.deleteTag(name);
    (outcome === 'deleted' ? result.deleted : result.absent).push(name);
  }
  return result;
}
