/**
 * The items a task loops over. `loop:` must render to a list and is used as it is;
 * `with_items:` goes through Ansible's `items` lookup: a single value becomes a one-item list
 * and nested lists are flattened one level (`[[1, 2], 3]` loops over 1, 2, 3).
 */
export function loopItems(value: unknown, withItems: boolean, where: string): unknown[] {
  if (withItems) {
    const terms = Array.isArray(value)
      ? value
      : value === null || value === undefined
        ? []
        : [value];
    return terms.flatMap((t) => (Array.isArray(t) ? t : [t]));
  }
  if (Array.isArray(value)) return value;
  if (value === null || value === undefined) return [];
  throw new Error(`loop of ${where} must be a list, got ${typeof value}`);
}
