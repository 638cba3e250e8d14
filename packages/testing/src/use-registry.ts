/// <reference types="jest" />
import type { RegistryClient } from '@zuul-ts/registry';
import { registryClientFor } from './registry-client-for';
import { startRegistry, type RegistryServer } from './registry-server';

/**
 * A suite-scoped real registry and a client for it (logged in on tls-auth): started in
 * beforeAll, client closed and registry stopped in afterAll. Read the fields inside tests or
 * hooks (they are set once the suite starts).
 */
export function useRegistry(flavour: 'plain' | 'tls-auth' = 'plain'): {
  server: RegistryServer;
  client: RegistryClient;
} {
  const env = {} as { server: RegistryServer; client: RegistryClient };
  beforeAll(async () => {
    env.server = await startRegistry({ flavour });
    env.client = registryClientFor(env.server);
  });
  afterAll(async () => {
    env.client.close();
    await env.server.stop();
  });
  return env;
}
