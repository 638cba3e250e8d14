/** One tag promoted by promote-container-image (role result and `zuul_return` data). */
export interface Promotion {
  /** `quay.io/org/app` */
  repository: string;
  /** The final tag, e.g. `latest`. */
  tag: string;
  /** Manifest digest the final tag now resolves to (index digest for multi-platform images). */
  digest: string;
  /** Where it came from: the change tag (`change_12345_latest`) or the intermediate registry reference. */
  source: string;
}

export interface PromoteResult {
  method: 'tag' | 'intermediate-registry';
  promotions: Promotion[];
  /** Change tags removed after promotion (tag method). */
  removedChangeTags: string[];
  /** Change tags that could not be removed (no deletion API): left in place, warned. */
  leftChangeTags: string[];
  /** Leaked tags removed by the cleanup, per repository. */
  cleanup: Record<string, string[]>;
}

/** The `zuul_return` data key under which promotions are recorded. */
export const PROMOTIONS_DATA_KEY = 'promoted_container_images';
