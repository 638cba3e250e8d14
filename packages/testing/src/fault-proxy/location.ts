/**
 * Rewrites a URL the registry sent (Location, Link) so the client keeps talking to the
 * proxy: absolute URLs on the target origin become proxy URLs; relative URLs and URLs on
 * other hosts (e.g. a token realm or a blob redirect to storage) are left as they are.
 */
export function rewriteUrl(value: string, targetOrigin: string, proxyOrigin: string): string {
  if (value.startsWith(targetOrigin + '/') || value === targetOrigin)
    return proxyOrigin + value.slice(targetOrigin.length);
  return value;
}

/** `Link: <url>; rel="next"` — rewrite the URL inside the angle brackets. */
export function rewriteLink(value: string, targetOrigin: string, proxyOrigin: string): string {
  return value.replace(
    /<([^>]*)>/g,
    (_m, u: string) => `<${rewriteUrl(u, targetOrigin, proxyOrigin)}>`,
  );
}
