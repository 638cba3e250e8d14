/**
 * The library API of zuul-ts (a contract other tools rely on; see README.md). The CLI is a
 * thin layer over these functions.
 */
export {
  runPlaybook,
  type RunPlaybookOptions,
  type RunResult,
  type CommonRunOptions,
} from './playbook/run-api';
export { runRole, type RunRoleOptions } from './playbook/run-role';
export {
  runJob,
  prepareJob,
  checkJob,
  type RunJobOptions,
  type JobRunResult,
  type JobResultName,
  type JobAttempt,
} from './playbook/run-job';
export { loadConfig } from './config';
export { freezeJob } from './freeze';
export { registerRole, unregisterRole, BUILTIN_ROLE_PACKAGES, DEFAULT_ROLES_DIR } from './roles';
export {
  loadPlaybook,
  parsePlaybook,
  PlaybookError,
  TaskFailure,
  ConfigurationError,
} from './playbook';
export type { RoleRunRecord } from './playbook';
export {
  Redactor,
  MASK,
  jsonSink,
  humanSink,
  memorySink,
  teeSink,
  type RunEvent,
  type EventSink,
} from './events';
export { loadInventoryFile, inventoryView, type InventoryView } from './vars';
