export * from './layers';
export * from './hosts';
export * from './scope';
export * from './inventory-file';
