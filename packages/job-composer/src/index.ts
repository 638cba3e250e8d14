export * from './role-kit';
export * from './container';
