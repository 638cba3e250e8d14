/**
 * `to_yaml` layout as PyYAML's `yaml.dump(default_flow_style=None)` (Ansible's to_yaml): keys
 * sorted; a collection holding only scalars is written in flow style (`{a: 1}`, `[x, y]`), others
 * in block style, with sequences inside mappings not indented. Scalars are quoted by js-yaml.
 */
import * as yaml from 'js-yaml';
import { isDict } from '../python';

const isCollection = (v: unknown): boolean => Array.isArray(v) || isDict(v);

function scalar(v: unknown): string {
  // PyYAML's bool resolver has no y/n (js-yaml quotes them)
  if (typeof v === 'string' && /^[yYnN]$/.test(v)) return v;
  return yaml.dump(v, { flowLevel: 0, lineWidth: -1 }).replace(/\n$/, '');
}

function entries(v: Record<string, unknown>): Array<[string, unknown]> {
  return Object.keys(v)
    .sort()
    .map((k) => [k, v[k]]);
}

function flow(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(flow).join(', ')}]`;
  if (isDict(v))
    return `{${entries(v)
      .map(([k, x]) => `${scalar(k)}: ${flow(x)}`)
      .join(', ')}}`;
  return scalar(v);
}

function isLeaf(v: unknown): boolean {
  if (Array.isArray(v)) return !v.some(isCollection);
  if (isDict(v)) return !Object.values(v).some(isCollection);
  return true;
}

function block(v: unknown, indent: number, pad: string): string[] {
  if (isLeaf(v)) return [pad + flow(v)];
  const lines: string[] = [];
  if (Array.isArray(v)) {
    for (const item of v) {
      const inner = block(item, indent, pad + ' '.repeat(2));
      lines.push(`${pad}- ${inner[0].trimStart()}`, ...inner.slice(1));
    }
    return lines;
  }
  for (const [k, x] of entries(v as Record<string, unknown>)) {
    if (isLeaf(x)) lines.push(`${pad}${scalar(k)}: ${flow(x)}`);
    else {
      lines.push(`${pad}${scalar(k)}:`);
      lines.push(...block(x, indent, Array.isArray(x) ? pad : pad + ' '.repeat(indent)));
    }
  }
  return lines;
}

export function pyYamlDump(value: unknown, indent = 2): string {
  return block(value, indent, '').join('\n') + '\n';
}
