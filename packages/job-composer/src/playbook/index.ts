export * from './model';
export * from './errors';
export * from './parse';
export * from './subset';
