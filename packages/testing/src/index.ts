export * from './registry-server';
export * from './tls';
