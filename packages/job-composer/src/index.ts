export * from './role-kit';
