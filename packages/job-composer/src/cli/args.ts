import { parseArgs as nodeParseArgs } from 'node:util';
import { UsageError } from './errors';

/** One option of a command: `--name VALUE` (value), `--flag` (boolean), repeatable lists. */
export interface OptionSpec {
  /** Long name without dashes, e.g. `config`. */
  name: string;
  /** Short alias without dash, e.g. `e`. */
  short?: string;
  kind: 'value' | 'list' | 'flag';
  /** Extra spellings accepted for drop-in use (e.g. `check` for `--dry-run`). */
  aliases?: string[];
  /** What the option does, for `zuul-ts COMMAND --help`. */
  help?: string;
  /** The value's placeholder in the help text (default `VALUE`). */
  arg?: string;
}

export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string | undefined>;
  lists: Record<string, string[]>;
  flags: Record<string, boolean>;
}

type NodeOptions = Record<string, { type: 'string' | 'boolean'; short?: string; multiple: true }>;

/**
 * Parses `argv` against the option specs with Node's `util.parseArgs`. Options and positionals
 * may interleave (Zuul puts the playbook before its `-e` options); `--name=value` and `-evalue`
 * forms are accepted; `--` ends options; `ignoredFlags` (ansible-playbook's `-v`…) are dropped.
 */
export function parseArgs(
  argv: string[],
  specs: OptionSpec[],
  ignoredFlags: string[] = [],
): ParsedArgs {
  const end = argv.indexOf('--');
  const head = (end >= 0 ? argv.slice(0, end) : argv).filter((a) => !ignoredFlags.includes(a));
  const options: NodeOptions = {};
  const owner = new Map<string, OptionSpec>();
  for (const s of specs) {
    for (const name of [s.name, ...(s.aliases ?? [])]) {
      options[name] = { type: s.kind === 'flag' ? 'boolean' : 'string', multiple: true };
      owner.set(name, s);
    }
    if (s.short) options[s.name].short = s.short;
  }
  let parsed: ReturnType<typeof nodeParseArgs>;
  try {
    parsed = nodeParseArgs({
      args: end >= 0 ? [...head, ...argv.slice(end)] : head,
      options,
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    throw usageError(err, owner);
  }
  const out: ParsedArgs = { positionals: parsed.positionals, values: {}, lists: {}, flags: {} };
  for (const s of specs) if (s.kind === 'list') out.lists[s.name] = [];
  for (const [name, given] of Object.entries(parsed.values)) {
    const spec = owner.get(name) as OptionSpec;
    const all = given as (string | boolean)[];
    if (spec.kind === 'flag') out.flags[spec.name] = true;
    else if (spec.kind === 'list') out.lists[spec.name].push(...(all as string[]));
    else {
      if (all.length > 1 || out.values[spec.name] !== undefined)
        throw new UsageError(`option --${spec.name} given twice`);
      out.values[spec.name] = all[0] as string;
    }
  }
  return out;
}

/** util.parseArgs' errors in this CLI's words, naming the option by its long name. */
function usageError(err: unknown, owner: Map<string, OptionSpec>): UsageError {
  const e = err as { code?: string; message?: string };
  const message = e.message ?? String(err);
  const quoted = /'(-{1,2}[^' ,]+)/.exec(message)?.[1] ?? '';
  const named = /--([\w-]+)/.exec(message)?.[1];
  const spec = named ? owner.get(named) : undefined;
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new UsageError(`unknown option ${quoted}`);
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && spec) {
    if (spec.kind === 'flag') return new UsageError(`option --${spec.name} takes no value`);
    if (/missing/.test(message)) return new UsageError(`option --${spec.name} needs a value`);
  }
  return new UsageError(message.split('\n')[0]);
}

/** The options part of `zuul-ts COMMAND --help`: one line per option, with what it does. */
export function optionsHelp(specs: OptionSpec[]): string {
  const rows = specs.map((s) => {
    const names = [s.short ? `-${s.short}, --${s.name}` : `--${s.name}`];
    for (const a of s.aliases ?? []) names.push(`--${a}`);
    const value = s.kind === 'flag' ? '' : ` ${s.arg ?? 'VALUE'}`;
    const repeat = s.kind === 'list' ? ' (repeatable)' : '';
    return [`${names.join(', ')}${value}`, `${s.help ?? ''}${repeat}`];
  });
  const width = Math.max(...rows.map(([left]) => left.length)) + 2;
  return rows.map(([left, right]) => `  ${left.padEnd(width)}${right}`).join('\n');
}
