import { isPlainObject } from '../config/yaml-values';

type Dict = Record<string, unknown>;

/** zuul_return.py `merge_dict`: add `a` (new) into `b` (existing); non-dict leaves replaced. */
function mergeDict(a: Dict, b: Dict): Dict {
  for (const [k, v] of Object.entries(a)) {
    const cur = b[k];
    if (isPlainObject(v) && isPlainObject(cur)) mergeDict(v, cur);
    else b[k] = v;
  }
  return b;
}

function zuulOf(d: Dict): Dict {
  return isPlainObject(d.zuul) ? d.zuul : {};
}

/** `merge_zuul_list`: the new call's entries first, then the existing ones; non-lists count as []. */
function mergeZuulList(a: Dict, b: Dict, key: string): unknown[] {
  const va = zuulOf(a)[key];
  const vb = zuulOf(b)[key];
  return [...(Array.isArray(va) ? va : []), ...(Array.isArray(vb) ? vb : [])];
}

/** `merge_file_comments`: per file path, existing comments first, then the new ones. */
function mergeFileComments(a: Dict, b: Dict): Dict {
  const fa = zuulOf(a).file_comments;
  const fb = zuulOf(b).file_comments;
  const out: Dict = {};
  for (const src of [fb, fa]) {
    if (!isPlainObject(src)) continue;
    for (const [file, comments] of Object.entries(src)) {
      const list = Array.isArray(comments) ? comments : [];
      out[file] = [...((out[file] as unknown[] | undefined) ?? []), ...list];
    }
  }
  return out;
}

/**
 * zuul_return.py `merge_data(new, existing)`: generic deep merge, except `zuul.artifacts` and
 * `zuul.warnings` (new + existing: code prepends; the docs say "appended", we follow the code)
 * and `zuul.file_comments` (per file, existing + new). Returns a new object.
 */
export function mergeData(newData: Dict, existing: Dict): Dict {
  const a = structuredClone(newData);
  const b = structuredClone(existing);
  const artifacts = mergeZuulList(a, b, 'artifacts');
  const warnings = mergeZuulList(a, b, 'warnings');
  const fileComments = mergeFileComments(a, b);
  const out = mergeDict(a, b);
  const setZuul = (k: string, v: unknown) => {
    if (!isPlainObject(out.zuul)) out.zuul = {};
    (out.zuul as Dict)[k] = v;
  };
  if (artifacts.length > 0) setZuul('artifacts', artifacts);
  if (warnings.length > 0) setZuul('warnings', warnings);
  if (Object.keys(fileComments).length > 0) setZuul('file_comments', fileComments);
  return out;
}
