export * from './types';
export {
  makeInventory,
  normalVars,
  playbookSecrets,
  withoutSecretKeys,
  type InventoryOptions,
} from './make-inventory';
export { squashVariables } from './squash';
export { localNodes, nodepoolVars, connectionVars } from './nodes';
export {
  readInventory,
  writeInventory,
  writeZuulVars,
  readVarsFile,
  secretsFileFor,
  InventoryError,
  type ReadInventoryOptions,
} from './files';
export {
  prepareJobDir,
  type PrepareJobDirOptions,
  type PreparedJobDir,
  type PreparedPlaybook,
} from './job-dir';
