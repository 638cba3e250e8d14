import { unreachableHost } from '../playbook/unreachable';

/** Exit codes of `zuul-ts` (a contract: scripts and the executor read them). */
export const EXIT_SUCCESS = 0;
/** A task, role or playbook failed (Zuul FAILURE). */
export const EXIT_FAILURE = 1;
/** Bad command line, configuration, playbook outside the subset, bad role input. */
export const EXIT_USAGE = 2;
/**
 * A node could not be reached (or its connection dropped): Ansible's UNREACHABLE class, the
 * return code Zuul's executor turns into a retry.
 */
export const EXIT_UNREACHABLE = 3;

const CONFIG_ERRORS = new Set([
  'UsageError',
  'ConfigurationError',
  'InventoryError',
  'PlaybookError',
  'UnknownRoleError',
  'ConfigError',
  'StanzaError',
  'FreezeError',
  'InputError',
  'YAMLException',
]);

/**
 * Maps an error to an exit code. Role input errors (`InputError`) are configuration errors
 * even when they surface through a failed task: nothing was pushed, the job config is wrong.
 */
export function exitCodeFor(err: unknown): number {
  if (unreachableHost(err)) return EXIT_UNREACHABLE;
  for (let e: unknown = err, depth = 0; e && depth < 8; depth++) {
    if (e instanceof Error && CONFIG_ERRORS.has(e.name)) return EXIT_USAGE;
    e = (e as { cause?: unknown }).cause;
  }
  return EXIT_FAILURE;
}
