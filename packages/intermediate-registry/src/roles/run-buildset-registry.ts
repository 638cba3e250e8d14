import { InputError, RoleFailure } from '@zuul-ts/role-kit';
import { hostPort } from '@zuul-ts/container-vars';
import type { RoleContext, RoleDefinition, RoleOutcome } from '@zuul-ts/role-kit';
import { launchLocalRegistry } from '@zuul-ts/registry';
import { BUILDSET_REGISTRY_ALIAS } from '@zuul-ts/container-vars';
import { buildsetRegistryRoot } from '../buildset-root';
import { runBuildsetRegistrySchema } from '../schemas';
import type { BuildsetRegistryVar } from '../types';

/** zuul-jobs' default `buildset_registry_port`. */
export const DEFAULT_BUILDSET_REGISTRY_PORT = 5000;

function registryPort(value: unknown): number {
  if (value === undefined || value === null) return DEFAULT_BUILDSET_REGISTRY_PORT;
  const n = typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 65535)
    throw new InputError('buildset_registry_port', 'must be a port number (1-65535)');
  return n;
}

/** The node's address as other nodes reach it: `ansible_host`, as zuul-jobs returns it. */
function nodeHost(ctx: RoleContext): string {
  const h = ctx.host.vars.ansible_host ?? ctx.vars.ansible_host ?? '127.0.0.1';
  if (typeof h !== 'string' || h === '')
    throw new InputError('ansible_host', 'must be a host name or IP');
  return h;
}

/**
 * zuul-jobs' run-buildset-registry, without a container engine: a
 * real `docker-registry` process started detached from `<buildset_registry_root>` (pid file,
 * log), serving TLS with a freshly generated CA (SANs zuul-jobs.buildset-registry, the node's
 * host, 127.0.0.1, localhost, ::1) and htpasswd auth for `zuul` with a random password. It
 * listens on `buildset_registry_port` on every address, IPv4 and IPv6, so neither the
 * `1<port>` host port nor the TCP6 socat forwarder is needed. Returns `buildset_registry`
 * through `secret_data`; `cert` is the CA certificate clients trust.
 * Difference: distribution's htpasswd auth refuses anonymous pulls (zuul-registry grants pull
 * tokens to anyone), so every client needs the credentials (use-buildset-registry provides them).
 */
export async function runBuildsetRegistry(ctx: RoleContext): Promise<RoleOutcome> {
  const root = buildsetRegistryRoot(ctx);
  const port = registryPort(ctx.vars.buildset_registry_port);
  const host = nodeHost(ctx);
  const location = hostPort(host, port);
  const started = await ctx.operation(
    { kind: 'registry.start', target: location, detail: { root } },
    async () => {
      try {
        return await launchLocalRegistry({
          dir: root,
          port,
          listen: 'all',
          tls: { names: [BUILDSET_REGISTRY_ALIAS, host, '::1'], days: 365 },
          auth: { username: 'zuul', realm: 'zuul-ts buildset registry' },
          detached: true,
        });
      } catch (e) {
        throw new RoleFailure(
          `could not start the buildset registry on port ${port}: ${(e as Error).message}`,
          {
            cause: e,
          },
        );
      }
    },
    undefined,
  );
  // Dry run: the plan still hands dependent jobs a registry location (no secrets to give).
  const value: BuildsetRegistryVar = {
    host,
    port,
    username: 'zuul',
    password: started?.password ?? '',
    cert: started?.ca ?? '',
  };
  if (value.password) ctx.addSecret(value.password);
  ctx.zuulReturn({ secret_data: { buildset_registry: value } });
  ctx.log.info(`buildset registry serving at ${location}${started ? ` (pid ${started.pid})` : ''}`);
  return {
    summary: `buildset registry at ${location}`,
    result: { host, port, root, pid: started?.pid, pidFile: started?.pidFile },
  };
}

export const runBuildsetRegistryRole: RoleDefinition = {
  name: 'run-buildset-registry',
  schema: runBuildsetRegistrySchema,
  run: runBuildsetRegistry,
};
