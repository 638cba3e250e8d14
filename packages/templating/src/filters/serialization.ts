/** to_json / to_nice_json / from_json / to_yaml / to_nice_yaml / from_yaml (Ansible). */
import { loadAllYaml11, loadYaml11 } from '../yaml11';
import { TemplateError } from '../errors';
import { bindArgs } from '../kwargs';
import { PyDateTime } from '../datetime';
import { isDict, pyStr } from '../python';
import { defined } from '../undefined';
import { pyYamlDump, pyYamlNiceDump } from './pyyaml';
import { FilterTable } from './types';

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (isDict(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k]);
    return out;
  }
  return v;
}

/** Python json.dumps escaping (ensure_ascii=False as Ansible's to_json default passes). */
function asciiJson(s: string): string {
  return JSON.stringify(s).replace(
    /[\u0080-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

function pyJson(v: unknown, indent: number | null, sortKeysFlag: boolean, level = 0): string {
  const data = sortKeysFlag ? sortKeys(v) : v;
  const nl = indent === null ? '' : '\n' + ' '.repeat(indent * (level + 1));
  const end = indent === null ? '' : '\n' + ' '.repeat(indent * level);
  const itemSep = indent === null ? ', ' : ',';
  const keySep = ': ';
  if (Array.isArray(data)) {
    if (!data.length) return '[]';
    return (
      '[' + data.map((x) => nl + pyJson(x, indent, false, level + 1)).join(itemSep) + end + ']'
    );
  }
  if (isDict(data)) {
    const entries = Object.entries(data);
    if (!entries.length) return '{}';
    return (
      '{' +
      entries
        .map(([k, x]) => nl + asciiJson(k) + keySep + pyJson(x, indent, false, level + 1))
        .join(itemSep) +
      end +
      '}'
    );
  }
  if (data === undefined || data === null) return 'null';
  if (typeof data === 'number' && !Number.isFinite(data))
    return Number.isNaN(data) ? 'NaN' : data > 0 ? 'Infinity' : '-Infinity';
  // Python's json.dumps escapes every non-ASCII character (ensure_ascii)
  if (typeof data === 'string') return asciiJson(data);
  if (typeof data === 'number' || typeof data === 'boolean') return JSON.stringify(data);
  // AnsibleJSONEncoder writes dates as ISO 8601
  if (data instanceof PyDateTime) return JSON.stringify(data.isoformat());
  return JSON.stringify(pyStr(data));
}

/** A YAML syntax error's position only: its message quotes the input, which may be a secret. */
function invalidYaml(filter: string, e: unknown): TemplateError {
  const at = (e as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
  return new TemplateError(
    `${filter}: invalid YAML${at ? ` at line ${at.line}, column ${at.col}` : ''}`,
  );
}

export const serializationFilters: FilterTable = {
  to_json(value, ...args) {
    const { indent, sort_keys } = bindArgs(args, ['indent', 'sort_keys'], {
      indent: null,
      sort_keys: false,
    });
    return pyJson(defined(value), indent === null ? null : Number(indent), !!sort_keys);
  },
  to_nice_json(value, ...args) {
    const { indent } = bindArgs(args, ['indent'], { indent: 4 });
    return pyJson(defined(value), Number(indent), true);
  },
  from_json(value) {
    try {
      return JSON.parse(pyStr(defined(value)));
    } catch (e) {
      // never echo the input: it may be a secret (JSON.parse messages quote it)
      const at = /position (\d+)/.exec((e as Error).message);
      throw new TemplateError(`from_json: invalid JSON${at ? ` at position ${at[1]}` : ''}`);
    }
  },
  to_yaml(value, ...args) {
    const { indent } = bindArgs(args, ['indent'], { indent: 2 });
    return pyYamlDump(defined(value), Number(indent));
  },
  to_nice_yaml(value, ...args) {
    const { indent } = bindArgs(args, ['indent'], { indent: 4 });
    return pyYamlNiceDump(defined(value), Number(indent));
  },
  from_yaml(value) {
    // Ansible: only text is parsed (PyYAML's safe_load), anything else is returned as it is
    if (typeof defined(value) !== 'string') return value;
    try {
      return loadYaml11(value as string);
    } catch (e) {
      throw invalidYaml('from_yaml', e);
    }
  },
  from_yaml_all(value) {
    try {
      return loadAllYaml11(pyStr(defined(value)));
    } catch (e) {
      throw invalidYaml('from_yaml_all', e);
    }
  },
};
