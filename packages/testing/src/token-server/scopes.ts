/** One entry of a token's `access` claim (distribution `docs/spec/auth/jwt.md`). */
export interface AccessEntry {
  type: string;
  name: string;
  actions: string[];
}

/**
 * Parses `repository:name:pull,push` scopes; the name may itself contain one `:` (host with
 * port), so split on the first and last `:`. Several scopes may share one value, space separated.
 */
export function parseScopes(values: string[]): AccessEntry[] {
  const out: AccessEntry[] = [];
  for (const v of values.flatMap((s) => s.split(' ')).filter(Boolean)) {
    const first = v.indexOf(':');
    const last = v.lastIndexOf(':');
    if (first < 0 || last === first) continue;
    out.push({
      type: v.slice(0, first),
      name: v.slice(first + 1, last),
      actions: v
        .slice(last + 1)
        .split(',')
        .filter(Boolean),
    });
  }
  return out;
}

/** Who may do what: returns the actions granted for one requested entry (`undefined` user = anonymous). */
export type GrantPolicy = (user: string | undefined, entry: AccessEntry) => string[];

/** Default policy: a known user gets everything asked for; anonymous gets nothing. */
export const grantAllToUsers: GrantPolicy = (user, entry) => (user ? entry.actions : []);

/**
 * The server grants the intersection of requested and allowed actions and never fails for
 * granting less (as distribution's token servers do): entries granted nothing are dropped.
 */
export function grant(
  user: string | undefined,
  requested: AccessEntry[],
  policy: GrantPolicy,
): AccessEntry[] {
  return requested
    .map((e) => ({ ...e, actions: policy(user, e).filter((a) => e.actions.includes(a)) }))
    .filter((e) => e.actions.length > 0);
}
