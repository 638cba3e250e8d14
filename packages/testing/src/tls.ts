import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCertificate as generate, type GeneratedCertificate } from '@zuul-ts/registry';

export type TestCertificate = GeneratedCertificate;

/**
 * A fresh CA and a server certificate for 127.0.0.1/localhost (plus extra SANs) in a new temp
 * folder, valid 3 days. Thin wrapper over `@zuul-ts/registry`'s generator (one implementation).
 */
export function generateCertificate(extraNames: string[] = []): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'zuul-ts-tls-'));
  return generate(dir, { names: extraNames, days: 3 });
}
