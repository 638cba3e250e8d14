import { promises as dnsPromises } from 'node:dns';
import { appendFileSync, readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RegistryAuth } from '@zuul-ts/engine';
import type { RoleContext } from '@zuul-ts/role-kit';
import type { BuildsetRegistry } from '@zuul-ts/container-vars';
import { RoleFailure } from '@zuul-ts/role-kit';
import {
  BUILDSET_REGISTRY_ALIAS,
  buildsetRegistryHostsLine,
  buildsetRepositoryPath,
} from '@zuul-ts/container-vars';
import { isLoopback, launchLocalRegistry, RegistryClient } from '@zuul-ts/registry';

/** A registry the role pushes to: the buildset registry or a temporary loopback one. */
export interface PushTarget {
  /** Registry location in image references (`127.0.0.1:5000`, `zuul-jobs.buildset-registry:5000`). */
  location: string;
  /** `buildset` or `temporary` (multi-arch assembly without a buildset registry). */
  kind: 'buildset' | 'temporary';
  auth: RegistryAuth;
  /** Loopback: docker already skips verification for 127.0.0.0/8; podman gets tlsVerify=false. */
  insecure: boolean;
  client: RegistryClient;
  close(): Promise<void>;
}

/** `<location>/<repository>` with the docker.io namespace rule. */
export function targetRepository(target: PushTarget, repository: string): string {
  return `${target.location}/${buildsetRepositoryPath(repository)}`;
}

/**
 * The address of the buildset registry. zuul-jobs always writes an `/etc/hosts` alias for an IP
 * host; an IPv4 address is valid in an image reference, so zuul-ts uses it as is (same storage
 * paths, no root needed). Only IPv6 needs the alias (moby/moby#39033): the line is added when
 * /etc/hosts is writable, else the alias must already resolve.
 */
async function buildsetLocation(registry: BuildsetRegistry, ctx: RoleContext): Promise<string> {
  const port = String(registry.port);
  const family = isIP(registry.host);
  if (family === 0 || family === 4) return `${registry.host}:${port}`;
  const line = buildsetRegistryHostsLine(registry) as string;
  if (!ctx.dryRun) {
    let hosts = '';
    try {
      hosts = readFileSync('/etc/hosts', 'utf8');
    } catch {
      /* unreadable: fall through to the resolution check */
    }
    if (!hosts.split('\n').includes(line)) {
      try {
        appendFileSync('/etc/hosts', `${line}\n`);
      } catch {
        try {
          await dnsPromises.lookup(BUILDSET_REGISTRY_ALIAS);
        } catch {
          throw new RoleFailure(
            `buildset_registry.host: ${registry.host} is IPv6 and ${BUILDSET_REGISTRY_ALIAS} does not resolve; ` +
              `add "${line.replace('\t', '\\t')}" to /etc/hosts (zuul-jobs does this with become)`,
          );
        }
      }
    }
  }
  return `${BUILDSET_REGISTRY_ALIAS}:${port}`;
}

export async function buildsetTarget(
  registry: BuildsetRegistry,
  ctx: RoleContext,
): Promise<PushTarget> {
  if (registry.password) ctx.addSecret(registry.password);
  const location = await buildsetLocation(registry, ctx);
  const client = new RegistryClient({
    credentials: [{ registry: location, username: registry.username, password: registry.password }],
    ca: registry.cert ? { [location]: registry.cert } : undefined,
  });
  return {
    location,
    kind: 'buildset',
    auth: { username: registry.username, password: registry.password, serveraddress: location },
    insecure: isLoopback(location),
    client,
    close: async () => client.close(),
  };
}

/**
 * Dry run of a multi-arch build without a buildset registry: the plan names the temporary
 * registry `temporary-registry` (the real one gets a random loopback port when it starts);
 * nothing is started or contacted.
 */
export function dryRunTemporaryTarget(): PushTarget {
  const location = 'temporary-registry';
  return {
    location,
    kind: 'temporary',
    auth: { serveraddress: location },
    insecure: true,
    client: undefined as unknown as RegistryClient,
    close: async () => undefined,
  };
}

/**
 * Multi-arch without a buildset registry: a temporary docker-registry on 127.0.0.1 with a
 * random htpasswd password (zuul-jobs ran `registry:2` on 127.0.0.1:5100 with the fixed
 * password `tempregistry`), stopped and deleted when the role ends.
 */
export async function temporaryTarget(ctx: RoleContext): Promise<PushTarget> {
  const reg = await launchLocalRegistry({
    dir: mkdtempSync(join(tmpdir(), 'zuul-ts-build-registry-')),
    auth: {},
  });
  if (reg.password) ctx.addSecret(reg.password);
  const client = new RegistryClient({
    credentials: [{ registry: reg.host, username: reg.username, password: reg.password }],
  });
  return {
    location: reg.host,
    kind: 'temporary',
    auth: { username: reg.username, password: reg.password, serveraddress: reg.host },
    insecure: true,
    client,
    close: async () => {
      client.close();
      await reg.stop();
    },
  };
}
