import { readFileSync } from 'node:fs';
import { join } from 'node:path';

function version(): string {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Entry point of the `zuul-ts` command; resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  if (argv[0] === '--version' || argv[0] === 'version') {
    process.stdout.write(`zuul-ts ${version()}\n`);
    return 0;
  }
  process.stderr.write('usage: zuul-ts --version\n');
  return 2;
}
