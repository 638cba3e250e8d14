import { randomBytes } from 'node:crypto';

export interface RegistryConfigInput {
  storageDir: string;
  /** `127.0.0.1:5000`, or `:5000` for every address (v4 and v6). */
  addr: string;
  tls?: { cert: string; key: string };
  htpasswd?: string;
  realm?: string;
}

/** distribution (docker-registry 2.8) YAML config: filesystem storage with deletes enabled. */
export function renderRegistryConfig(input: RegistryConfigInput): string {
  const lines = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${input.storageDir}`,
    '  delete:',
    '    enabled: true',
    '  maintenance:',
    '    uploadpurging:',
    '      enabled: false',
    'http:',
    `  addr: ${JSON.stringify(input.addr)}`,
    `  secret: ${randomBytes(16).toString('hex')}`,
  ];
  if (input.tls)
    lines.push('  tls:', `    certificate: ${input.tls.cert}`, `    key: ${input.tls.key}`);
  if (input.htpasswd) {
    lines.push(
      'auth:',
      '  htpasswd:',
      `    realm: ${input.realm ?? 'zuul-ts'}`,
      `    path: ${input.htpasswd}`,
    );
  }
  return lines.join('\n') + '\n';
}
