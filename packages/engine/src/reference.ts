/** Split `name[:tag]` (no digest) into repository and tag; the tag defaults to `latest`. */
export function splitNameTag(reference: string): { repository: string; tag: string } {
  const at = reference.indexOf('@');
  if (at >= 0) throw new Error(`digest references are not supported here: ${reference}`);
  const slash = reference.lastIndexOf('/');
  const colon = reference.lastIndexOf(':');
  if (colon > slash)
    return { repository: reference.slice(0, colon), tag: reference.slice(colon + 1) };
  return { repository: reference, tag: 'latest' };
}
