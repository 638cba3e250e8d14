import { readFileSync } from 'node:fs';
import { loadYaml11, markUnsafe } from '@zuul-ts/templating';
import type { Vars } from '@zuul-ts/role-kit';
import { UsageError } from './errors';

/**
 * `-e` values exactly as ansible-playbook reads them: `@file` (YAML or JSON), `@-` (stdin),
 * a JSON/YAML mapping (`{"a": 1}`), or `k=v` pairs separated by spaces whose values are
 * strings (`zuul_success` arrives as the string "True"). Later `-e` win at
 * the top level.
 */
export function parseExtraVars(
  values: string[],
  readStdin: () => string = () => readFileSync(0, 'utf8'),
  /** Stdin holds values Ansible already rendered (a role stub): never template them again. */
  stdinRendered = false,
): Vars {
  const out: Vars = {};
  let stdinUsed = false;
  for (const raw of values) {
    if (raw.startsWith('@')) {
      const file = raw.slice(1);
      let text: string;
      if (file === '-') {
        if (stdinUsed) throw new UsageError('-e @- given twice (stdin is read once)');
        stdinUsed = true;
        text = readStdin();
      } else {
        try {
          text = readFileSync(file, 'utf8');
        } catch (err) {
          throw new UsageError(`-e @${file}: ${(err as Error).message}`);
        }
      }
      let vars = mapping(text, file === '-' ? 'stdin' : file);
      if (file === '-' && stdinRendered) vars = dropAnsibleOmit(vars);
      if (file === '-' && stdinRendered)
        for (const [k, v] of Object.entries(vars)) vars[k] = markUnsafe(v);
      Object.assign(out, vars);
    } else if (/^\s*[{[]/.test(raw)) {
      Object.assign(out, mapping(raw, '-e'));
    } else {
      Object.assign(out, keyValues(raw));
    }
  }
  return dropAnsibleOmit(out);
}

/**
 * Stock Ansible leaves its `omit` placeholder (`__omit_place_holder__<sha1>`) in values it
 * serialises (`{'x': y | default(omit)} | to_json` in a role stub): such keys mean "not set".
 */
function dropAnsibleOmit(vars: Vars): Vars {
  const isOmit = (v: unknown) =>
    typeof v === 'string' && /^__omit_place_holder__[0-9a-f]+$/.test(v);
  return Object.fromEntries(Object.entries(vars).filter(([, v]) => !isOmit(v)));
}

function mapping(text: string, source: string): Vars {
  let doc: unknown;
  try {
    // YAML 1.1 as Ansible reads it; Zuul writes `zuul_vars.yaml` with `!unsafe` on change
    // messages: such values are kept as Ansible does, never templated.
    doc = loadYaml11(text, { unsafe: 'wrap' });
  } catch (err) {
    throw new UsageError(
      `-e ${source}: invalid YAML/JSON: ${(err as Error).message.split('\n')[0]}`,
    );
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw new UsageError(`-e ${source}: extra vars must be a mapping`);
  return doc as Vars;
}

/** `a=1 b='two words'` → `{a: '1', b: 'two words'}` (values stay strings, as in Ansible). */
function keyValues(raw: string): Vars {
  const out: Vars = {};
  const re = /([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/gy;
  let rest = raw.trim();
  while (rest.length) {
    re.lastIndex = 0;
    const m = re.exec(rest);
    if (!m) throw new UsageError(`-e ${raw}: expected key=value, @file or a YAML/JSON mapping`);
    let v = m[2];
    if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'")))
      v = v.slice(1, -1);
    out[m[1]] = v;
    rest = rest.slice(m[0].length).trimStart();
  }
  return out;
}
