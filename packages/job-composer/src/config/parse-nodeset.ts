import type { Nodeset, NodesetGroup, NodesetNode } from './types';
import { Path, checkKeys, dict, fail, list, str, strList } from './validate';

/** An inline or named nodeset body (zuul/configloader.py NodeSetParser). */
export function parseInlineNodeset(conf: Record<string, unknown>, path: Path): Nodeset {
  checkKeys(conf, new Set(['name', 'nodes', 'groups', 'alternatives', 'description']), path);
  if (conf.alternatives !== undefined) {
    if (conf.nodes !== undefined || conf.groups !== undefined) {
      fail(path, 'a nodeset with alternatives may not have nodes or groups');
    }
    const alternatives = list(conf.alternatives).map((a, i) =>
      typeof a === 'string'
        ? a
        : parseInlineNodeset(dict(a, [...path, 'alternatives', i]), [...path, 'alternatives', i]),
    );
    return { nodes: [], groups: [], alternatives };
  }
  const hostNames = new Set<string>();
  const nodes: NodesetNode[] = list(conf.nodes).map((n, i) => {
    const p = [...path, 'nodes', i];
    const d = dict(n, p);
    checkKeys(d, new Set(['name', 'label']), p);
    const names = strList(d.name, [...p, 'name']);
    for (const name of names) {
      if (hostNames.has(name)) fail([...p, 'name'], `Duplicate node name: ${name}`);
      hostNames.add(name);
    }
    return { name: names, label: str(d.label, [...p, 'label']) };
  });
  const groups: NodesetGroup[] = list(conf.groups).map((g, i) => {
    const p = [...path, 'groups', i];
    const d = dict(g, p);
    checkKeys(d, new Set(['name', 'nodes']), p);
    const groupNodes = strList(d.nodes, [...p, 'nodes']);
    for (const n of groupNodes) {
      if (!hostNames.has(n))
        fail([...p, 'nodes'], `Group ${String(d.name)} references unknown node ${n}`);
    }
    return { name: str(d.name, [...p, 'name']), nodes: groupNodes };
  });
  const out: Nodeset = { nodes, groups };
  if (conf.name !== undefined) out.name = str(conf.name, [...path, 'name']);
  return out;
}
