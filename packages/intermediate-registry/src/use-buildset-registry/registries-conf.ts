/** smol-toml's package is ESM ("type": "module"): load it lazily, as p-limit elsewhere. */
type Toml = typeof import('smol-toml', { with: { 'resolution-mode': 'import' } });
function toml(): Promise<Toml> {
  return import('smol-toml');
}

/** zuul-jobs' `buildset_registry_namespaces` default (prefix, upstream URL). */
export const DEFAULT_NAMESPACES: [string, string][] = [
  ['docker.io', 'https://registry-1.docker.io'],
  ['quay.io', 'https://quay.io'],
  ['gcr.io', 'https://gcr.io'],
  ['registry.k8s.io', 'https://registry.k8s.io'],
];

/** docker.io images live un-prefixed in the buildset registry, others under their host. */
export function mirrorLocation(location: string, namespace: string): string {
  return namespace === 'docker.io' ? location : `${location}/${namespace}`;
}

interface RegistryEntry {
  prefix?: string;
  location?: string;
  mirror?: { location?: string; [k: string]: unknown }[];
  [k: string]: unknown;
}

/**
 * zuul-jobs' modify_registries_conf on the text of a v2 registries.conf: for each
 * namespace, the first `[[registry]]` with that prefix gets the buildset mirror at the front of
 * its mirrors (unless already first); otherwise an entry `{prefix, location, mirror = [buildset,
 * upstream]}` is appended. `unqualified-search-registries` is set. Running it again on its own
 * output changes nothing.
 */
export async function updateRegistriesConf(
  text: string,
  location: string,
  namespaces: string[],
  unqualified: string[],
): Promise<string> {
  const { parse, stringify } = await toml();
  const conf = (text.trim() ? parse(text) : {}) as {
    registry?: RegistryEntry[];
    [k: string]: unknown;
  };
  const registries: RegistryEntry[] = Array.isArray(conf.registry) ? conf.registry : [];
  for (const ns of namespaces) {
    const mirror = mirrorLocation(location, ns);
    const existing = registries.find((r) => r.prefix === ns);
    if (existing) {
      const mirrors = Array.isArray(existing.mirror) ? existing.mirror : [];
      if (mirrors[0]?.location !== mirror) existing.mirror = [{ location: mirror }, ...mirrors];
    } else {
      registries.push({
        prefix: ns,
        location: ns,
        mirror: [{ location: mirror }, { location: ns }],
      });
    }
  }
  // Top-level keys first: TOML puts every key after a table header into that table.
  const { registry: _ignored, ...top } = conf;
  return stringify({ ...top, 'unqualified-search-registries': unqualified, registry: registries });
}
