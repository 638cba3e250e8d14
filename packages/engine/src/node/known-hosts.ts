import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

/** The names a known_hosts line must match: `host` on port 22, `[host]:port` otherwise. */
function lookupName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function patternMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt, hash] = pattern.split('|');
    const digest = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
    return digest === hash;
  }
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return re.test(name);
}

/**
 * True when one of the known_hosts files lists `key` (the raw public key blob the server
 * presented) for the host, as OpenSSH checks it: plain or hashed (`|1|`) host patterns,
 * `[host]:port` for other ports, `@revoked` lines refuse the key.
 */
export function knownHostKey(files: string[], host: string, port: number, key: Buffer): boolean {
  const name = lookupName(host, port);
  const blob = key.toString('base64');
  let found = false;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const raw of text.split('\n')) {
      const line = raw.trim();
      if (!line || line.startsWith('#')) continue;
      const fields = line.split(/\s+/);
      const marker = fields[0].startsWith('@') ? fields.shift() : undefined;
      const [patterns, , keyData] = fields;
      if (!patterns || keyData !== blob) continue;
      const list = patterns.split(',');
      const negated = list.some((p) => p.startsWith('!') && patternMatches(p.slice(1), name));
      if (negated || !list.some((p) => !p.startsWith('!') && patternMatches(p, name))) continue;
      if (marker === '@revoked') return false;
      if (!marker) found = true;
    }
  }
  return found;
}
