/**
 * Ansible's NativeJinjaText: the results of the filters in STRING_TYPE_FILTERS (`string`,
 * `to_json`, `to_nice_json`, `to_yaml`, `to_nice_yaml`) are text that the output conversion
 * must not literal_eval, so `"{{ d | to_json }}"` stays the JSON text rather than a dict.
 * Results are recorded per render (rendering is synchronous; nested renders get their own set).
 */
export const STRING_TYPE_FILTERS = new Set([
  'string',
  'to_json',
  'to_nice_json',
  'to_yaml',
  'to_nice_yaml',
]);

let current = new Set<unknown>();

/** Records `value` as native text of the render in progress and returns it. */
export function markNativeText<T>(value: T): T {
  current.add(value);
  return value;
}

/** Runs `fn` with a fresh record; returns its result and the native texts it produced. */
export function withNativeTexts<T>(fn: () => T): { result: T; native: Set<unknown> } {
  const saved = current;
  current = new Set();
  try {
    const result = fn();
    return { result, native: current };
  } finally {
    current = saved;
  }
}
