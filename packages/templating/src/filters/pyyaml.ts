/**
 * The layouts of PyYAML's `yaml.dump` that Ansible's filters use, keys sorted, sequences inside
 * mappings not indented. `to_yaml` (`default_flow_style=None`): a collection holding only
 * scalars is written in flow style (`{a: 1}`, `[x, y]`), others in block style.
 * `to_nice_yaml` (`default_flow_style=False`): every non-empty collection in block style, a
 * sequence item's content indented by `indent` (`-   a: 1` for 4).
 */
import { dumpYaml11 } from '../yaml11-dump';
import { isDict } from '../python';

const isCollection = (v: unknown): boolean => Array.isArray(v) || isDict(v);

function scalar(v: unknown): string {
  return dumpYaml11(v, { blockQuote: false }).replace(/\n$/, '');
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

interface Layout {
  indent: number;
  /** Spaces between a sequence item's `-` and its content, plus one. */
  itemStep: number;
  /** Whether a collection of scalars is written in flow style. */
  flowLeaves: boolean;
}

function isLeaf(v: unknown, layout: Layout): boolean {
  if (!layout.flowLeaves)
    return Array.isArray(v) ? v.length === 0 : !isDict(v) || !entries(v).length;
  if (Array.isArray(v)) return !v.some(isCollection);
  if (isDict(v)) return !Object.values(v).some(isCollection);
  return true;
}

function block(v: unknown, layout: Layout, pad: string): string[] {
  if (isLeaf(v, layout)) return [pad + flow(v)];
  const lines: string[] = [];
  if (Array.isArray(v)) {
    // a collection item starts at its own indentation, a scalar right after `- `
    const dash = '-' + ' '.repeat(layout.itemStep - 1);
    for (const item of v) {
      const inner = block(item, layout, pad + ' '.repeat(layout.itemStep));
      const head = isLeaf(item, layout) ? '- ' : dash;
      lines.push(`${pad}${head}${inner[0].trimStart()}`, ...inner.slice(1));
    }
    return lines;
  }
  for (const [k, x] of entries(v as Record<string, unknown>)) {
    if (isLeaf(x, layout)) lines.push(`${pad}${scalar(k)}: ${flow(x)}`);
    else {
      lines.push(`${pad}${scalar(k)}:`);
      lines.push(...block(x, layout, Array.isArray(x) ? pad : pad + ' '.repeat(layout.indent)));
    }
  }
  return lines;
}

/** Ansible's `to_yaml`. */
export function pyYamlDump(value: unknown, indent = 2): string {
  return block(value, { indent, itemStep: 2, flowLeaves: true }, '').join('\n') + '\n';
}

/** Ansible's `to_nice_yaml`. */
export function pyYamlNiceDump(value: unknown, indent = 4): string {
  return block(value, { indent, itemStep: indent, flowLeaves: false }, '').join('\n') + '\n';
}
