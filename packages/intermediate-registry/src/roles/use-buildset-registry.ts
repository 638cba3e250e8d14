import { join } from 'node:path';
import { defineRole, inputSchema, InputError } from '@zuul-ts/role-kit';
import {
  buildsetRegistryHostsLine,
  buildsetRegistryLocation,
  resolveBuildsetRegistry,
} from '@zuul-ts/container-vars';
import type { RoleContext, RoleOutcome } from '@zuul-ts/role-kit';
import { useBuildsetRegistrySchema } from '../schemas';
import { hostsWithLine, readText, writeIfChanged } from '../use-buildset-registry/files';
import { DEFAULT_NAMESPACES, updateRegistriesConf } from '../use-buildset-registry/registries-conf';

type Engine = 'docker' | 'podman';

/**
 * The variables the role reads, as its schema guarantees them (null: not set). A type, not an
 * interface, so it stays assignable to the runner's `Vars`.
 */
export type UseBuildsetRegistryInputs = {
  use_buildset_registry_root?: string | null;
  use_buildset_registry_engines?: Engine[] | null;
  /** `[prefix, mirror-url]` pairs (zuul-jobs) or bare prefixes. */
  buildset_registry_namespaces?: (string | [string, ...unknown[]])[] | null;
  buildset_registry_unqualified_registries?: string[] | null;
};

/**
 * zuul-jobs' use-buildset-registry, reduced to what the engines on the node
 * need, because zuul-ts engines and roles pass registry credentials in memory:
 * - `/etc/hosts` alias line when the registry host is an IP (the mirror location uses the alias);
 * - docker: `/etc/docker/certs.d/<alias:port>/ca.crt` (daemon trusts the registry's CA). No
 *   `daemon.json` mirrors (they apply to docker.io only and the daemon sends no mirror
 *   credentials, which this registry requires) and no `~/.docker/config.json` auth;
 * - podman: `/etc/containers/certs.d/<alias:port>/ca.crt` and `registries.conf` mirrors for every
 *   namespace (so `FROM quay.io/...` resolves to the speculative image first) plus
 *   `unqualified-search-registries`.
 * Every path is under `use_buildset_registry_root` (default `/`; a temp folder in tests).
 * Files are rewritten only when their content changes: a second run changes nothing.
 */
export async function useBuildsetRegistry(
  ctx: RoleContext<UseBuildsetRegistryInputs>,
): Promise<RoleOutcome> {
  const inputs = ctx.inputs;
  // From the variable or from the result data of the job that started the registry.
  const reg = resolveBuildsetRegistry(ctx.vars);
  if (!reg) throw new InputError('buildset_registry', 'is required (from run-buildset-registry)');
  const root = inputs.use_buildset_registry_root ?? '/';
  const wanted = inputs.use_buildset_registry_engines ?? ['docker', 'podman'];
  const ns = (inputs.buildset_registry_namespaces ?? DEFAULT_NAMESPACES).map((entry) =>
    Array.isArray(entry) ? entry[0] : entry,
  );
  const unqualified = inputs.buildset_registry_unqualified_registries ?? ['docker.io'];
  const location = buildsetRegistryLocation(reg);
  const at = (p: string) => join(root, p);

  const files: { path: string; content: () => string | Promise<string> }[] = [];
  const hostsLine = buildsetRegistryHostsLine(reg);
  if (hostsLine)
    files.push({
      path: at('etc/hosts'),
      content: () => hostsWithLine(readText(at('etc/hosts')), hostsLine),
    });
  const cert = reg.cert ? (reg.cert.endsWith('\n') ? reg.cert : `${reg.cert}\n`) : undefined;
  if (wanted.includes('docker') && cert)
    files.push({ path: at(`etc/docker/certs.d/${location}/ca.crt`), content: () => cert });
  if (wanted.includes('podman')) {
    if (cert)
      files.push({ path: at(`etc/containers/certs.d/${location}/ca.crt`), content: () => cert });
    const conf = at('etc/containers/registries.conf');
    files.push({
      path: conf,
      content: () => updateRegistriesConf(readText(conf), location, ns, unqualified),
    });
  }

  const changed: string[] = [];
  for (const f of files) {
    const did = await ctx.operation(
      { kind: 'node.write-config', target: f.path },
      async () => writeIfChanged(f.path, await f.content()),
      false,
    );
    if (did) changed.push(f.path);
  }
  ctx.log.info(`use-buildset-registry: ${location}, ${changed.length} file(s) changed`);
  return {
    summary: `${changed.length} file(s) changed`,
    result: { location, changed, files: files.map((f) => f.path) },
  };
}

export const useBuildsetRegistryRole = defineRole({
  name: 'use-buildset-registry',
  inputSchema: inputSchema<UseBuildsetRegistryInputs>(useBuildsetRegistrySchema),
  run: useBuildsetRegistry,
});
