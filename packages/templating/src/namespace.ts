/** Jinja `namespace(...)`: the one object templates may assign attributes to (`{% set ns.x = 1 %}`). */
const namespaces = new WeakSet<object>();

export function createNamespace(attrs: Record<string, unknown>): Record<string, unknown> {
  const ns = { ...attrs };
  namespaces.add(ns);
  return ns;
}

export function isNamespace(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && namespaces.has(v);
}
