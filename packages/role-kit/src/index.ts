export * from './types';
export * from './errors';
export * from './context';
export * from './define-role';
