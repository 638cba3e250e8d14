/**
 * A node that cannot be reached over SSH, or whose connection was lost while a role used it.
 * Ansible reports such a host as UNREACHABLE (not failed); Zuul retries the job. The error
 * name is what callers look for, across the `cause` chain.
 */
export class NodeUnreachableError extends Error {
  constructor(
    readonly node: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${node}: UNREACHABLE: ${message}`, options);
    this.name = 'NodeUnreachableError';
  }
}
