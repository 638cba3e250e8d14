export * from './tag-prefix';
export * from './container-command';
export * from './schema';
export * from './images';
export * from './buildset-registry';
export * from './credentials';
