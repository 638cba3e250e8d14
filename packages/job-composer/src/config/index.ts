export * from './types';
export { ConfigError, type ConfigProblem } from './errors';
export { EncryptedValue, TaggedValue } from './yaml-values';
export { loadConfig, emptyConfig, type ConfigSource, type LoadOptions } from './load';
export { projectConfigPaths, yamlFilesUnder, configRootOf } from './files';
export {
  builtinJobsSource,
  BUILTIN_JOBS_DIR,
  BUILTIN_JOBS_PROJECT,
  type BuiltinJobsOptions,
} from './builtin';
export { decryptSecretData } from './decrypt';
