export * from './registry-server';
export * from './tls';
export * from './fake-http';
export * from './fake-quay';
export * from './fake-dockerhub';
export * from './fake-zuul-api';
export * from './fault-proxy';
export * from './images';
