/** One `WWW-Authenticate` challenge: scheme (lower-case) and its parameters. */
export interface Challenge {
  scheme: string;
  params: Record<string, string>;
}

/**
 * Parses `WWW-Authenticate` (RFC 6750 section 3 syntax; several challenges; quoted values may contain
 * commas, e.g. `scope="repository:a:pull,push"`).
 */
export function parseChallenges(header: string | string[] | undefined): Challenge[] {
  const text = Array.isArray(header) ? header.join(', ') : (header ?? '');
  const out: Challenge[] = [];
  const re =
    /\s*([A-Za-z][A-Za-z0-9!#$%&'*+.^_`|~-]*)(?:\s+|$)|\s*([A-Za-z0-9_.-]+)\s*=\s*("((?:[^"\\]|\\.)*)"|[^,\s]*)\s*,?/y;
  let pos = 0;
  let current: Challenge | undefined;
  while (pos < text.length) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (!m || m[0] === '') {
      pos++;
      continue;
    }
    pos = re.lastIndex;
    if (m[2] !== undefined && current) {
      const value = m[4] !== undefined ? m[4].replace(/\\(.)/g, '$1') : m[3];
      current.params[m[2].toLowerCase()] = value;
    } else if (m[1] !== undefined) {
      current = { scheme: m[1].toLowerCase(), params: {} };
      out.push(current);
    }
    while (text[pos] === ',' || text[pos] === ' ') pos++;
  }
  return out;
}
