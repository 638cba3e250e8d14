import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

/**
 * Writes an htpasswd file (bcrypt, the only scheme distribution accepts) with one user.
 * The password goes to `htpasswd -i` on stdin, never on a command line (zuul-jobs passes
 * secrets as arguments). Cost 4: distribution checks the hash on every request, and the
 * passwords are random (>= 128 bits), so a higher cost buys nothing.
 */
export function writeHtpasswd(path: string, username: string, password: string): void {
  const line = execFileSync('htpasswd', ['-niB', '-C', '4', username], {
    input: password,
    stdio: ['pipe', 'pipe', 'pipe'],
  })
    .toString()
    .trim();
  writeFileSync(path, line + '\n', { mode: 0o600 });
}
