export * from './types';
export { Redactor, MASK } from '@zuul-ts/registry';
export * from './sinks';
export * from './emitter';
