export * from './types';
export * from './redactor';
export * from './sinks';
export * from './emitter';
