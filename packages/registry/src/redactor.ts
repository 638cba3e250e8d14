/**
 * The one redactor. Every secret value (from `--secrets`, secret stanzas, credentials,
 * tokens, values roles register) is replaced by `******` in every output, error and event,
 * including when it is nested in a longer string. Registering `user:pass` pairs also covers
 * their base64 forms (what a docker auth header or config.json would carry).
 */
export const MASK = '******';

/** Values shorter than this are not masked: masking `a` or `1` would shred all output. */
const MIN_SECRET_LENGTH = 3;

export class Redactor {
  private readonly values = new Set<string>();
  private sorted: string[] = [];

  /** Registers one secret value (strings; numbers are stringified; objects walked). */
  add(value: unknown): void {
    if (value === null || value === undefined) return;
    if (typeof value === 'string') {
      if (value.length < MIN_SECRET_LENGTH || this.values.has(value)) return;
      this.values.add(value);
      // A secret also shows up JSON-escaped inside serialised events and errors.
      const escaped = JSON.stringify(value).slice(1, -1);
      if (escaped !== value) this.values.add(escaped);
      this.sorted = [...this.values].sort((a, b) => b.length - a.length);
      return;
    }
    if (typeof value === 'number' || typeof value === 'bigint') return this.add(String(value));
    if (Array.isArray(value)) return value.forEach((v) => this.add(v));
    if (typeof value === 'object') Object.values(value).forEach((v) => this.add(v));
  }

  /** Registers a credential: the password, and base64/base64url of `user:pass`. */
  addCredential(username: string | undefined, password: string | undefined): void {
    if (!password) return;
    this.add(password);
    if (username !== undefined) {
      const pair = Buffer.from(`${username}:${password}`, 'utf8');
      this.add(pair.toString('base64'));
      this.add(pair.toString('base64url'));
    }
  }

  /**
   * Walks a secrets dict (e.g. `container_registry_credentials`): every leaf string is a
   * secret except plain `username`-like fields; username+password pairs add their base64.
   */
  addSecretTree(tree: unknown): void {
    if (tree === null || typeof tree !== 'object') return this.add(tree);
    if (Array.isArray(tree)) return tree.forEach((t) => this.addSecretTree(t));
    const obj = tree as Record<string, unknown>;
    if (typeof obj.password === 'string') {
      this.addCredential(typeof obj.username === 'string' ? obj.username : undefined, obj.password);
    }
    for (const [k, v] of Object.entries(obj)) {
      // A numeric port is an identifier too: registering it would mask every `host:port` in
      // error messages.
      if (NON_SECRET_KEYS.has(k) && (typeof v === 'string' || typeof v === 'number')) continue;
      this.addSecretTree(v);
    }
  }

  get size(): number {
    return this.values.size;
  }

  redact(text: string): string {
    let out = text;
    for (const v of this.sorted) if (out.includes(v)) out = out.split(v).join(MASK);
    return out;
  }

  /** Deep copy of a value with every string redacted (keys included). */
  redactValue<T>(value: T): T {
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (this.sorted.length === 0) return value;
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) return value.map((v) => this.walk(v));
    if (value && typeof value === 'object' && !(value instanceof Date)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[this.redact(k)] = this.walk(v);
      return out;
    }
    return value;
  }

  /** Redacts an error's message and stack in place and returns it. */
  redactError<E>(err: E): E {
    if (err instanceof Error) {
      try {
        err.message = this.redact(err.message);
        if (err.stack) err.stack = this.redact(err.stack);
      } catch {
        // read-only message: leave it, the caller redacts what it prints.
      }
    }
    return err;
  }
}

/**
 * Keys of credential dicts that are identifiers, not secrets: masking a registry host name
 * or a username would only hide useful context (the password and base64 pair are masked).
 */
const NON_SECRET_KEYS = new Set([
  'username',
  'type',
  'repository',
  'namespaces',
  'api_url',
  'host',
  'port',
  'cert',
  'ca',
  'region',
]);
