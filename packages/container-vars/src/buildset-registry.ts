import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { isDockerHubAlias } from '@zuul-ts/registry';
import type { Vars } from '@zuul-ts/role-kit';
import { InputError } from '@zuul-ts/role-kit';

/** `buildset_registry`. */
export interface BuildsetRegistry {
  host: string;
  port: number | string;
  username?: string;
  password?: string;
  /** PEM of the registry's self-signed certificate. */
  cert?: string;
}

/** The `/etc/hosts` alias zuul-jobs uses when the registry host is an IP (moby/moby#39033). */
export const BUILDSET_REGISTRY_ALIAS = 'zuul-jobs.buildset-registry';

/** An IP host (v4 or v6) is addressed as `zuul-jobs.buildset-registry`, a name as itself. */
export function buildsetRegistryAlias(registry: Pick<BuildsetRegistry, 'host'>): string {
  return isIP(registry.host) ? BUILDSET_REGISTRY_ALIAS : registry.host;
}

/** The `/etc/hosts` line zuul-jobs writes for an IP host (tab separated), else undefined. */
export function buildsetRegistryHostsLine(
  registry: Pick<BuildsetRegistry, 'host'>,
): string | undefined {
  return isIP(registry.host) ? `${registry.host}\t${BUILDSET_REGISTRY_ALIAS}` : undefined;
}

/** The buildset registry location `<alias>:<port>`. */
export function buildsetRegistryLocation(registry: BuildsetRegistry): string {
  return `${buildsetRegistryAlias(registry)}:${String(registry.port)}`;
}

/**
 * The repository path inside the buildset registry (the namespace rule): Docker Hub images are
 * stored without a registry prefix (`docker.io/org/img` → `org/img`), any other registry under
 * its host (`quay.io/org/img` stays `quay.io/org/img`). zuul-jobs' build role pushed
 * `docker.io/...` verbatim while push/pull-intermediate and mirror configs strip it;
 * every zuul-ts role uses this one rule.
 */
export function buildsetRepositoryPath(repository: string): string {
  const slash = repository.indexOf('/');
  if (slash > 0 && isDockerHubAlias(repository.slice(0, slash))) return repository.slice(slash + 1);
  // A host with a port (`host:5000/org/app`) is stored as `host_5000/org/app`: a `:` is not
  // valid in a repository path component, and `_` never appears in a host name.
  if (slash > 0) return `${repository.slice(0, slash).replace(':', '_')}${repository.slice(slash)}`;
  return repository;
}

/** `<alias>:<port>/<namespaced repository>` — the full reference repository in the buildset registry. */
export function buildsetRepository(registry: BuildsetRegistry, repository: string): string {
  return `${buildsetRegistryLocation(registry)}/${buildsetRepositoryPath(repository)}`;
}

/**
 * `buildset_registry` from the variables, else (as zuul-jobs' preamble does) from
 * `secret_data.buildset_registry` in `zuul.executor.result_data_file` when that file exists, is
 * non-empty and has the key. Returns undefined when neither is there.
 */
export function resolveBuildsetRegistry(vars: Vars): BuildsetRegistry | undefined {
  const direct = vars.buildset_registry;
  if (direct !== undefined && direct !== null)
    return checkBuildsetRegistry(direct, 'buildset_registry');
  const zuul = vars.zuul as { executor?: { result_data_file?: string } } | undefined;
  const file = zuul?.executor?.result_data_file;
  if (!file) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  if (!text.trim()) return undefined;
  let data: { secret_data?: { buildset_registry?: unknown } };
  try {
    data = JSON.parse(text) as typeof data;
  } catch {
    throw new InputError('zuul.executor.result_data_file', 'is not valid JSON');
  }
  const found = data?.secret_data?.buildset_registry;
  if (found === undefined || found === null) return undefined;
  return checkBuildsetRegistry(found, 'secret_data.buildset_registry');
}

function checkBuildsetRegistry(value: unknown, path: string): BuildsetRegistry {
  if (!value || typeof value !== 'object') throw new InputError(path, 'must be a dict');
  const reg = value as Record<string, unknown>;
  if (typeof reg.host !== 'string' || !reg.host)
    throw new InputError(`${path}.host`, 'is required');
  const port = Number(reg.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InputError(`${path}.port`, 'must be a port number');
  }
  return reg as unknown as BuildsetRegistry;
}
