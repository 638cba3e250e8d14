import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestCertificate {
  /** PEM of the self-signed CA that issued `cert`. */
  ca: string;
  caPath: string;
  certPath: string;
  keyPath: string;
  dir: string;
}

/**
 * A fresh self-signed CA and a server certificate for 127.0.0.1/localhost (plus extra SANs),
 * generated with the openssl CLI. EC keys keep this under ~100 ms.
 */
export function generateCertificate(extraNames: string[] = []): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), 'zuul-ts-tls-'));
  const p = (f: string) => join(dir, f);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  openssl('ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', p('ca.key'));
  openssl(
    'req',
    '-x509',
    '-new',
    '-key',
    p('ca.key'),
    '-days',
    '3',
    '-subj',
    '/CN=zuul-ts test CA',
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
  const names = [
    'IP:127.0.0.1',
    'DNS:localhost',
    ...extraNames.map((n) => (/^[\d.]+$/.test(n) ? `IP:${n}` : `DNS:${n}`)),
  ];
  writeFileSync(p('ext.cnf'), `subjectAltName=${names.join(',')}\nbasicConstraints=CA:FALSE\n`);
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
    '3',
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
