/**
 * The `zuul` dict the role tests run under: change 12345 patchset 3 in
 * the gate pipeline, with its review URL; `extra` adds or overrides keys (after the common ones).
 */
export function changeZuul(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    change: '12345',
    patchset: '3',
    pipeline: 'gate',
    change_url: 'https://review.example.org/12345',
    ...extra,
  };
}
