/** A tag as a tag-deletion backend lists it. */
export interface ListedTag {
  name: string;
  /** When the tag was last pushed/modified; undefined when the backend cannot tell. */
  lastModified?: Date;
}

export type BackendKind = 'quay' | 'docker' | 'registry';

/**
 * Removes tags by NAME from one repository. No implementation deletes a manifest by digest
 * another tag may still use (zuul-jobs' old `skopeo delete` did: ).
 */
export interface TagBackend {
  readonly kind: BackendKind;
  /** `<registry>/<path>` this backend acts on. */
  readonly repository: string;
  /**
   * Every tag of the repository, all pages. `lastModified` is only looked up for names that
   * pass `wanted` (on a generic registry each age costs a manifest + config fetch).
   */
  listTags(wanted?: (name: string) => boolean): Promise<ListedTag[]>;
  /** `absent` when the tag did not exist (deleted meanwhile by someone else): not an error. */
  deleteTag(tag: string): Promise<'deleted' | 'absent'>;
  /**
   * Optional batch form (generic registries: one placeholder + one DELETE for all tags).
   * `known` maps tags to the digest/media type the caller just read (saves a HEAD each).
   */
  deleteTags?(
    tags: string[],
    known?: Record<string, KnownTag>,
  ): Promise<Map<string, 'deleted' | 'absent'>>;
}

/** What a caller already read of a tag. */
export interface KnownTag {
  digest: string;
  mediaType?: string;
}
