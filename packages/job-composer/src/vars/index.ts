export * from './layers';
export * from './hosts';
export * from './scope';
export * from './inventory-file';
export * from './frozen-vars';
