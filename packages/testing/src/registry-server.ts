import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort as registryFreePort, launchLocalRegistry } from '@zuul-ts/registry';
import { startTokenRegistry } from './token-server/registry';
import type { TokenServer } from './token-server/server';

export type RegistryFlavour = 'plain' | 'tls-auth' | 'tls-token';

export interface RegistryServerOptions {
  flavour?: RegistryFlavour;
  /** Fixed port (default: a free random port on 127.0.0.1). */
  port?: number;
  /** Extra certificate names (for a registry addressed by an alias). */
  names?: string[];
}

export interface RegistryServer {
  /** `127.0.0.1:<port>` — the registry host as used in image references. */
  host: string;
  port: number;
  flavour: RegistryFlavour;
  /** `http://…` or `https://…` */
  url: string;
  username?: string;
  password?: string;
  /** PEM of the CA that signed the TLS certificate (tls flavours). */
  ca?: string;
  caPath?: string;
  /** The registry's storage folder (blobs, repositories). */
  storageDir: string;
  /** tls-token: the token server (realm, service, request log); username/password log in there. */
  token?: TokenServer;
  /** Restart the process on the same port and storage (after `kill()`). */
  restart(): Promise<void>;
  /** Kill the process (SIGKILL), keeping the storage: simulates a crash. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export const freePort = registryFreePort;

/**
 * Starts a real CNCF distribution (`docker-registry`) process on 127.0.0.1 with deletes
 * enabled, through `@zuul-ts/registry`'s launcher (the one run-buildset-registry uses). Each
 * call gets its own storage, port and (for tls-auth) CA and password, so test suites never
 * share registry state.
 */
export async function startRegistry(options: RegistryServerOptions = {}): Promise<RegistryServer> {
  const flavour = options.flavour ?? 'plain';
  if (flavour === 'tls-token')
    return startTokenRegistry({ names: options.names, port: options.port });
  const tlsAuth = flavour === 'tls-auth';
  const r = await launchLocalRegistry({
    dir: mkdtempSync(join(tmpdir(), 'zuul-ts-registry-')),
    port: options.port,
    tls: tlsAuth ? { names: options.names ?? [], days: 3 } : undefined,
    auth: tlsAuth ? { username: 'zuul', realm: 'zuul-ts-test' } : undefined,
  });
  return {
    host: r.host,
    port: r.port,
    flavour,
    url: r.url,
    username: r.username,
    password: r.password,
    ca: r.ca,
    caPath: r.caPath,
    storageDir: r.storageDir,
    restart: r.restart,
    kill: r.kill,
    stop: r.stop,
  };
}
