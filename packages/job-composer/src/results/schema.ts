import { isPlainObject } from '../config/yaml-values';

/**
 * zuul/ansible/schema.py (applied to data and secret_data on every zuul_return call):
 * `zuul.log_url` str; `zuul.artifacts` list of {name: str, url: str, metadata?: dict};
 * `zuul.warnings` list of str. Returns the problems (empty = valid).
 */
export function resultDataProblems(data: Record<string, unknown>, label = 'data'): string[] {
  const zuul = data.zuul;
  if (zuul === undefined) return [];
  if (!isPlainObject(zuul)) return [`${label}.zuul: expected a dictionary`];
  const problems: string[] = [];
  if (zuul.log_url !== undefined && typeof zuul.log_url !== 'string')
    problems.push(`${label}.zuul.log_url: expected str`);
  if (zuul.artifacts !== undefined) {
    if (!Array.isArray(zuul.artifacts)) problems.push(`${label}.zuul.artifacts: expected a list`);
    else
      zuul.artifacts.forEach((a, i) => {
        const p = `${label}.zuul.artifacts[${i}]`;
        if (!isPlainObject(a)) return problems.push(`${p}: expected a dictionary`);
        if (typeof a.name !== 'string') problems.push(`${p}.name: required str`);
        if (typeof a.url !== 'string') problems.push(`${p}.url: required str`);
        if (a.metadata !== undefined && !isPlainObject(a.metadata))
          problems.push(`${p}.metadata: expected a dictionary`);
        for (const k of Object.keys(a))
          if (!['name', 'url', 'metadata'].includes(k))
            problems.push(`${p}.${k}: extra keys not allowed`);
      });
  }
  if (zuul.warnings !== undefined) {
    if (!Array.isArray(zuul.warnings) || !zuul.warnings.every((w) => typeof w === 'string')) {
      problems.push(`${label}.zuul.warnings: expected a list of str`);
    }
  }
  return problems;
}
