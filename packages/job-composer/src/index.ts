export * from './role-kit';
export * from './container';
export * from './config';
export * from './freeze';
export * from './templating';
export * from './zuul';
export * from './api';
export * from './inventory';
