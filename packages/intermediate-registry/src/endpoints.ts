import { InputError } from '@zuul-ts/role-kit';
import { hostPort, registryCas, resolveBuildsetRegistry } from '@zuul-ts/container-vars';
import type { Vars } from '@zuul-ts/role-kit';
import type { BuildsetRegistryVar, IntermediateRegistryVar, RegistryEndpoint } from './types';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function port(path: string, value: unknown): number {
  const n = typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 65535)
    throw new InputError(`${path}.port`, 'must be a port number (1-65535)');
  return n;
}

function optionalString(
  path: string,
  obj: Record<string, unknown>,
  key: string,
): string | undefined {
  const v = obj[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new InputError(`${path}.${key}`, 'must be a string');
  return v;
}

/**
 * A registry variable (`buildset_registry`, `intermediate_registry`) as an endpoint.
 * Bad shapes fail with the variable path before any registry traffic.
 */
export function registryEndpoint(
  path: string,
  value: unknown,
  cas: Record<string, string> = {},
): RegistryEndpoint {
  if (!isObject(value)) throw new InputError(path, 'must be a dict with host and port');
  const v = value as Partial<BuildsetRegistryVar & IntermediateRegistryVar>;
  if (typeof v.host !== 'string' || v.host.trim() === '')
    throw new InputError(`${path}.host`, 'is required (a host name or IP address)');
  const username = optionalString(path, value, 'username');
  const password = optionalString(path, value, 'password');
  if ((username === undefined) !== (password === undefined))
    throw new InputError(path, 'username and password must be given together');
  if (value.insecure !== undefined && typeof value.insecure !== 'boolean')
    throw new InputError(`${path}.insecure`, 'must be a boolean');
  const location = hostPort(v.host.trim(), port(path, v.port));
  return {
    location,
    username,
    password,
    // `cert` (run-buildset-registry's CA; our extension for the IR), else container_registry_ca.
    ca: optionalString(path, value, 'cert') || cas[location] || undefined,
    insecure: value.insecure === true,
  };
}

/** `intermediate_registry` (a site secret); required. */
export function intermediateRegistry(vars: Vars): RegistryEndpoint {
  if (vars.intermediate_registry == null)
    throw new InputError(
      'intermediate_registry',
      'is required (dict with host, port, username, password)',
    );
  return registryEndpoint('intermediate_registry', vars.intermediate_registry, registryCas(vars));
}

/**
 * `buildset_registry`, else `secret_data.buildset_registry` of the job's results file (as
 * zuul-jobs' push/pull roles load it unconditionally); required.
 */
export function buildsetRegistry(vars: Vars): RegistryEndpoint {
  const found = resolveBuildsetRegistry(vars);
  if (!found)
    throw new InputError(
      'buildset_registry',
      'is not defined and zuul.executor.result_data_file has no secret_data.buildset_registry',
    );
  return registryEndpoint('buildset_registry', found, registryCas(vars));
}
