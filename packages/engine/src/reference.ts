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

/** The registry host of an image name (`127.0.0.1:5000/a/b` → `127.0.0.1:5000`), else undefined. */
export function registryHostOf(name: string): string | undefined {
  const slash = name.indexOf('/');
  if (slash < 0) return undefined;
  const first = name.slice(0, slash);
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first : undefined;
}

/** True for registries on the loopback interface (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d+$/, '');
  return bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare);
}
