/** Python `re` patterns and replacement strings translated to JavaScript RegExp. */
import { TemplateError } from './errors';

export function pyRegex(
  pattern: string,
  flags: { ignorecase?: boolean; multiline?: boolean; global?: boolean } = {},
): RegExp {
  let src = String(pattern)
    .replace(/\(\?P<([A-Za-z_][A-Za-z0-9_]*)>/g, '(?<$1>')
    .replace(/\(\?P=([A-Za-z_][A-Za-z0-9_]*)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\Z/g, '$(?![\\s\\S])');
  let f = 'u';
  // inline flags at the start, e.g. (?i)
  const inline = /^\(\?([aiLmsux]+)\)/.exec(src);
  if (inline) {
    src = src.slice(inline[0].length);
    if (inline[1].includes('i')) f += 'i';
    if (inline[1].includes('m')) f += 'm';
    if (inline[1].includes('s')) f += 's';
  }
  if (flags.ignorecase && !f.includes('i')) f += 'i';
  if (flags.multiline && !f.includes('m')) f += 'm';
  if (flags.global) f += 'g';
  try {
    return new RegExp(src, f);
  } catch {
    try {
      return new RegExp(src, f.replace('u', ''));
    } catch (e) {
      throw new TemplateError(
        `invalid regular expression ${JSON.stringify(pattern)}: ${(e as Error).message}`,
      );
    }
  }
}

/** Python `re.sub` replacement: `\1`, `\g<1>`, `\g<name>`, escapes; `$` is literal. */
export function pyReplacement(repl: string): (match: string, ...rest: unknown[]) => string {
  return (...args: unknown[]) => {
    const last = args[args.length - 1];
    const named =
      typeof last === 'object' && last !== null ? (last as Record<string, string | undefined>) : {};
    const groupCount = args.length - (typeof last === 'object' && last !== null ? 4 : 3);
    const group = (i: number): string => {
      if (i === 0) return String(args[0]);
      if (i > groupCount) throw new TemplateError(`invalid group reference ${i}`);
      return (args[i] as string | undefined) ?? '';
    };
    return repl.replace(
      /\\(g<([^>]+)>|\d{1,2}|n|t|r|\\)/g,
      (_m, what: string, g: string | undefined) => {
        if (g !== undefined) return /^\d+$/.test(g) ? group(Number(g)) : (named[g] ?? '');
        if (/^\d+$/.test(what)) return group(Number(what));
        return ({ n: '\n', t: '\t', r: '\r', '\\': '\\' } as Record<string, string>)[what];
      },
    );
  };
}
