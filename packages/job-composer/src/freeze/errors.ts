/** A job cannot be frozen (Zuul's JobConfigurationError family; messages use Zuul's wording). */
export class FreezeError extends Error {
  constructor(
    message: string,
    /** `not-run`: Zuul would silently not run the job for this item (no matching variant). */
    readonly kind: 'error' | 'not-run' = 'error',
  ) {
    super(message);
    this.name = 'FreezeError';
  }
}
