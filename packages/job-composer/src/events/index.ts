export * from './types';
// The subpath, not the package root: the root loads the HTTP client (and node:http, https,
// crypto), which a run that never talks to a registry does not need.
export { Redactor, MASK } from '@zuul-ts/registry/redactor';
export * from './sinks';
export * from './emitter';
