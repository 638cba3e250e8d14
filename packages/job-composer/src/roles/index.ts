export * from './registry';
export * from './defaults';
export * from './validate';
