/**
 * Bad role input: names the variable path (`container_images[2].repository`). Thrown before
 * anything is built, pushed, tagged or deleted.
 */
export class InputError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'InputError';
  }
}

/** A role ran and failed (engine or registry error, missing change tag…). */
export class RoleFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RoleFailure';
  }
}
