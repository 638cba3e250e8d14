import { deepMerge } from '../freeze/deep-merge';

/** Top-level names Zuul strips from returned data before dependents see it. */
const STRIPPED = ['zuul', 'nodepool', 'unsafe_vars'];

const strip = (d: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(d).filter(([k]) => !STRIPPED.includes(k)));

/**
 * Parent results for a job: `data` of every ancestor build with
 * result data, in job-graph order, later deep-overriding earlier (variable layer 2); and
 * `secret_data` accumulated the other way round (`_deepUpdate(new, accumulated)`: the earlier
 * job wins on conflicts).
 */
export function parentResults(
  builds: { data: Record<string, unknown>; secret_data?: Record<string, unknown> }[],
): {
  data: Record<string, unknown>;
  secretData: Record<string, unknown>;
} {
  let data: Record<string, unknown> = {};
  let secretData: Record<string, unknown> = {};
  for (const b of builds) {
    data = deepMerge(data, strip(b.data));
    secretData = deepMerge(strip(b.secret_data ?? {}), secretData);
  }
  return { data, secretData };
}
