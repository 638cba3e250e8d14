/**
 * Ansible's host pattern combination: the terms of `a:b`, `a,b`, `a:&b` and `a:!b` (split on
 * `:` and `,`) are taken left to right; a plain term adds its hosts, `&term` keeps only the
 * hosts it also names, `!term` removes its hosts. What a single term names (`all`, a group, a
 * host, `group[0]`, the implicit localhost) is the caller's: `resolve`. Returns the hosts in
 * the order they were first added.
 */
export function combineHostPattern(pattern: string, resolve: (term: string) => string[]): string[] {
  let out: string[] = [];
  for (const term of pattern
    .split(/[:,]/)
    .map((t) => t.trim())
    .filter(Boolean)) {
    if (term.startsWith('!')) {
      const drop = new Set(resolve(term.slice(1)));
      out = out.filter((h) => !drop.has(h));
    } else if (term.startsWith('&')) {
      const keep = new Set(resolve(term.slice(1)));
      out = out.filter((h) => keep.has(h));
    } else {
      for (const h of resolve(term)) if (!out.includes(h)) out.push(h);
    }
  }
  return out;
}
