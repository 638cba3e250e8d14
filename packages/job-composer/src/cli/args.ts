import { UsageError } from './errors';

/** One option of a command: `--name VALUE` (value), `--flag` (boolean), repeatable lists. */
export interface OptionSpec {
  /** Long name without dashes, e.g. `config`. */
  name: string;
  /** Short alias without dash, e.g. `e`. */
  short?: string;
  kind: 'value' | 'list' | 'flag';
  /** Extra spellings accepted for drop-in use (e.g. `extra-vars` for `-e`). */
  aliases?: string[];
}

export interface ParsedArgs {
  positionals: string[];
  values: Record<string, string | undefined>;
  lists: Record<string, string[]>;
  flags: Record<string, boolean>;
}

/**
 * Parses `argv` against the option specs. Options and positionals may interleave (Zuul puts the
 * playbook before its `-e` options); `--name=value` and `-evalue` forms are accepted; `--`
 * ends options.
 */
export function parseArgs(
  argv: string[],
  specs: OptionSpec[],
  ignoredFlags: string[] = [],
): ParsedArgs {
  const out: ParsedArgs = { positionals: [], values: {}, lists: {}, flags: {} };
  for (const s of specs) if (s.kind === 'list') out.lists[s.name] = [];
  const byLong = new Map<string, OptionSpec>();
  const byShort = new Map<string, OptionSpec>();
  for (const s of specs) {
    byLong.set(s.name, s);
    for (const a of s.aliases ?? []) byLong.set(a, s);
    if (s.short) byShort.set(s.short, s);
  }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (ignoredFlags.includes(arg)) continue;
    let spec: OptionSpec | undefined;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
      inline = eq > 0 ? arg.slice(eq + 1) : undefined;
      spec = byLong.get(name);
      if (!spec) throw new UsageError(`unknown option --${name}`);
    } else if (arg.startsWith('-') && arg.length > 1 && arg !== '-') {
      spec = byShort.get(arg[1]);
      if (!spec) throw new UsageError(`unknown option ${arg}`);
      if (arg.length > 2) inline = arg.slice(2);
    } else {
      out.positionals.push(arg);
      continue;
    }
    if (spec.kind === 'flag') {
      if (inline !== undefined) throw new UsageError(`option --${spec.name} takes no value`);
      out.flags[spec.name] = true;
      continue;
    }
    const value = inline ?? argv[++i];
    if (value === undefined) throw new UsageError(`option --${spec.name} needs a value`);
    if (spec.kind === 'list') out.lists[spec.name].push(value);
    else {
      if (out.values[spec.name] !== undefined)
        throw new UsageError(`option --${spec.name} given twice`);
      out.values[spec.name] = value;
    }
  }
  return out;
}
