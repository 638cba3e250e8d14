import { isIP } from 'node:net';
import type { Vars } from '@zuul-ts/role-kit';
import { InputError } from '@zuul-ts/role-kit';

/** A credential for the registry client, in memory only (never written to a file). */
export interface RegistryLogin {
  registry: string;
  username?: string;
  password?: string;
}

/** `host:port` with IPv6 hosts in brackets (Ansible `ipwrap`). */
export function hostPort(host: string, port: number | string): string {
  return `${isIP(host) === 6 ? `[${host}]` : host}:${String(port)}`;
}

/**
 * Every login the container roles may use with the registry client: each
 * `container_registry_credentials` entry (keyed by registry) and `intermediate_registry`
 * (`{host, port, username, password}`).
 */
export function registryLogins(vars: Vars): RegistryLogin[] {
  const out: RegistryLogin[] = [];
  const creds = vars.container_registry_credentials;
  if (creds && typeof creds === 'object') {
    for (const [registry, c] of Object.entries(creds as Record<string, unknown>)) {
      if (!c || typeof c !== 'object') continue;
      const { username, password } = c as { username?: unknown; password?: unknown };
      if (typeof username === 'string' && typeof password === 'string')
        out.push({ registry, username, password });
    }
  }
  const ir = vars.intermediate_registry as
    { host?: unknown; port?: unknown; username?: unknown; password?: unknown } | undefined;
  if (ir && typeof ir === 'object' && typeof ir.host === 'string' && ir.port !== undefined) {
    out.push({
      registry: hostPort(ir.host, ir.port as string),
      username: typeof ir.username === 'string' ? ir.username : undefined,
      password: typeof ir.password === 'string' ? ir.password : undefined,
    });
  }
  return out;
}

/**
 * `container_registry_ca` (zuul-ts extension): `{ "<host:port>": "<PEM>" }` for registries with
 * a private CA (buildset/intermediate registries, tests). zuul-jobs relied on the system store.
 */
export function registryCas(vars: Vars): Record<string, string> {
  const v = vars.container_registry_ca;
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v))
    throw new InputError('container_registry_ca', 'must be a dict of host to PEM');
  for (const [host, pem] of Object.entries(v as Record<string, unknown>))
    if (typeof pem !== 'string' || !pem.includes('BEGIN CERTIFICATE'))
      throw new InputError(`container_registry_ca.${host}`, 'must be a PEM certificate');
  return v as Record<string, string>;
}
