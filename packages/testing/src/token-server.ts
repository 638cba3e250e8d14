// A local registry token server and a real docker-registry that trusts it: see token-server/.
export { startTokenServer } from './token-server/server';
export type { TokenServer, TokenServerOptions, TokenRequest } from './token-server/server';
export { startTokenRegistry } from './token-server/registry';
export type { TokenRegistry, TokenRegistryOptions } from './token-server/registry';
export { grantAllToUsers, parseScopes } from './token-server/scopes';
export type { AccessEntry, GrantPolicy } from './token-server/scopes';
