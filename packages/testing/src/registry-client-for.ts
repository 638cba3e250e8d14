import { RegistryClient } from '@zuul-ts/registry';
import type { RegistryServer } from './registry-server';

/** A registry client logged in to a test registry (its password and CA when tls-auth). */
export function registryClientFor(server: RegistryServer): RegistryClient {
  if (server.flavour !== 'tls-auth') return new RegistryClient();
  return new RegistryClient({
    credentials: [{ registry: server.host, username: server.username, password: server.password }],
    ca: { [server.host]: server.ca! },
  });
}
