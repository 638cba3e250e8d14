import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** One place a secret value was found. */
export interface SecretHit {
  source: string;
  /** Which kind of secret (never the value). */
  secret: string;
}

/**
 * Collects every secret value a suite uses and every piece of output it captured (stdout,
 * stderr, JSON events, thrown errors, log and results files), and reports where a secret shows
 * up. The encoded forms a leak usually takes are derived from each credential: base64 and
 * base64url of `user:pass` (HTTP Basic, ~/.docker/config.json `auth`) and of the X-Registry-Auth
 * JSON Docker clients send to the engine.
 */
export class SecretScanner {
  private readonly secrets = new Map<string, string>();
  private readonly captured: { source: string; text: string }[] = [];

  /** A secret value (password, token); `label` names it in hits. */
  addSecret(value: string, label = 'secret'): void {
    if (value.length >= 3) this.secrets.set(value, label);
  }

  /** A registry credential and the encodings it travels in. */
  addCredential(username: string, password: string, serveraddress?: string): void {
    this.addSecret(password, `password of ${username}`);
    const basic = Buffer.from(`${username}:${password}`);
    this.addSecret(basic.toString('base64'), `base64 ${username}:password`);
    this.addSecret(basic.toString('base64url'), `base64url ${username}:password`);
    for (const auth of [
      { username, password },
      { username, password, serveraddress },
      { username, password, serveraddress, email: '' },
    ]) {
      const json = Buffer.from(JSON.stringify(auth));
      this.addSecret(json.toString('base64'), `X-Registry-Auth of ${username}`);
      this.addSecret(json.toString('base64url'), `X-Registry-Auth of ${username}`);
    }
  }

  /** Any captured output; objects are JSON-serialised, errors as message + stack + cause. */
  capture(source: string, value: unknown): void {
    this.captured.push({ source, text: stringify(value) });
  }

  /** Every regular file below `dir` (results.json, logs, job dirs). */
  captureFiles(source: string, dir: string): void {
    for (const f of walk(dir))
      this.captured.push({ source: `${source}:${f}`, text: readFileSync(f, 'latin1') });
  }

  get capturedCount(): number {
    return this.captured.length;
  }

  get secretCount(): number {
    return this.secrets.size;
  }

  scan(): SecretHit[] {
    const hits: SecretHit[] = [];
    for (const { source, text } of this.captured)
      for (const [value, secret] of this.secrets)
        if (text.includes(value)) hits.push({ source, secret });
    return hits;
  }
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) out.push(...walk(p));
    else if (st.isFile()) out.push(p);
  }
  return out;
}

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) {
    const cause = (value as { cause?: unknown }).cause;
    return [value.message, value.stack ?? '', cause === undefined ? '' : stringify(cause)].join(
      '\n',
    );
  }
  try {
    return (
      JSON.stringify(value, (_k, v: unknown) =>
        v instanceof Error ? stringify(v) : Buffer.isBuffer(v) ? v.toString('latin1') : v,
      ) ?? String(value)
    );
  } catch {
    return String(value);
  }
}
