import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';

export interface GeneratedCertificate {
  /** PEM of the self-signed CA that issued the server certificate: what clients trust. */
  ca: string;
  caPath: string;
  certPath: string;
  keyPath: string;
  dir: string;
}

export interface CertificateOptions {
  /** Extra subject alternative names (host names or IP addresses, v4 or v6). */
  names?: string[];
  /** Validity in days (default 365, as zuul-jobs' run-buildset-registry). */
  days?: number;
}

/** `IP:` for addresses, `DNS:` for names; de-duplicated. */
function subjectAltNames(names: string[]): string {
  const all = ['127.0.0.1', 'localhost', ...names];
  const entries = all.map((n) => (isIP(n) ? `IP:${n}` : `DNS:${n}`));
  return [...new Set(entries)].join(',');
}

/**
 * A fresh CA and a server certificate signed by it, written to `dir` (created 0700), generated
 * with the openssl CLI (zuul-jobs' run-buildset-registry also shells out to openssl). EC P-256
 * keys keep this fast. The SANs always include 127.0.0.1 and localhost.
 */
export function generateCertificate(
  dir: string,
  options: CertificateOptions = {},
): GeneratedCertificate {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const p = (f: string) => join(dir, f);
  const days = String(options.days ?? 365);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', p('ca.key'));
  openssl(
    'req',
    '-x509',
    '-new',
    '-key',
    p('ca.key'),
    '-days',
    days,
    '-subj',
    '/CN=zuul-ts registry CA',
    '-out',
    p('ca.crt'),
  );
  openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', p('server.key'));
  openssl(
    'req',
    '-new',
    '-key',
    p('server.key'),
    '-subj',
    '/CN=localhost',
    '-out',
    p('server.csr'),
  );
  writeFileSync(
    p('ext.cnf'),
    `subjectAltName=${subjectAltNames(options.names ?? [])}\nbasicConstraints=CA:FALSE\n`,
  );
  openssl(
    'x509',
    '-req',
    '-in',
    p('server.csr'),
    '-CA',
    p('ca.crt'),
    '-CAkey',
    p('ca.key'),
    '-CAcreateserial',
    '-days',
    days,
    '-extfile',
    p('ext.cnf'),
    '-out',
    p('server.crt'),
  );
  return {
    ca: readFileSync(p('ca.crt'), 'utf8'),
    caPath: p('ca.crt'),
    certPath: p('server.crt'),
    keyPath: p('server.key'),
    dir,
  };
}
