import { join } from 'node:path';
import { InputError } from '@zuul-ts/role-kit';
import {
  buildsetRegistryHostsLine,
  buildsetRegistryLocation,
  resolveBuildsetRegistry,
} from '@zuul-ts/container-vars';
import type { RoleContext, RoleDefinition, RoleOutcome, Vars } from '@zuul-ts/role-kit';
import { useBuildsetRegistrySchema } from '../schemas';
import { hostsWithLine, readText, writeIfChanged } from '../use-buildset-registry/files';
import { DEFAULT_NAMESPACES, updateRegistriesConf } from '../use-buildset-registry/registries-conf';

type Engine = 'docker' | 'podman';

function stringList(vars: Vars, name: string, fallback: string[]): string[] {
  const v = vars[name];
  if (v === undefined || v === null) return fallback;
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string' || s === ''))
    throw new InputError(name, 'must be a list of strings');
  return v as string[];
}

function engines(vars: Vars): Engine[] {
  const list = stringList(vars, 'use_buildset_registry_engines', ['docker', 'podman']);
  list.forEach((e, i) => {
    if (e !== 'docker' && e !== 'podman')
      throw new InputError(`use_buildset_registry_engines[${i}]`, 'must be "docker" or "podman"');
  });
  return list as Engine[];
}

function namespaces(vars: Vars): string[] {
  const v = vars.buildset_registry_namespaces;
  if (v === undefined || v === null) return DEFAULT_NAMESPACES.map(([n]) => n);
  if (!Array.isArray(v)) throw new InputError('buildset_registry_namespaces', 'must be a list');
  return v.map((entry: unknown, i: number) => {
    const ns = Array.isArray(entry) ? entry[0] : entry;
    if (typeof ns !== 'string' || ns === '')
      throw new InputError(
        `buildset_registry_namespaces[${i}]`,
        'must be [prefix, url] or a prefix',
      );
    return ns;
  });
}

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
export async function useBuildsetRegistry(ctx: RoleContext): Promise<RoleOutcome> {
  const vars = ctx.vars;
  const reg = resolveBuildsetRegistry(vars);
  if (!reg) throw new InputError('buildset_registry', 'is required (from run-buildset-registry)');
  const root = vars.use_buildset_registry_root ?? '/';
  if (typeof root !== 'string' || !root.startsWith('/'))
    throw new InputError('use_buildset_registry_root', 'must be an absolute path');
  const wanted = engines(vars);
  const ns = namespaces(vars);
  const unqualified = stringList(vars, 'buildset_registry_unqualified_registries', ['docker.io']);
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

export const useBuildsetRegistryRole: RoleDefinition = {
  name: 'use-buildset-registry',
  schema: useBuildsetRegistrySchema,
  run: useBuildsetRegistry,
};
