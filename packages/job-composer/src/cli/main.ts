import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findPackageRoot } from '../package-root';
import type { CliIO } from './output';
import { writeFd } from './fd-write';

function version(): string {
  const root = findPackageRoot('@zuul-ts/job-composer');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/**
 * Entry point of the `zuul-ts` command; resolves to the process exit code
 * (0 success, 1 job failure, 2 usage or configuration error). Everything but `--version`
 * is required lazily.
 */
export async function main(argv: string[], io?: CliIO): Promise<number> {
  if (argv[0] === '--version' || argv[0] === 'version') {
    (io?.stdout ?? ((s: string) => writeFd(1, s)))(`zuul-ts ${version()}\n`);
    return 0;
  }
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { COMMANDS, commandHelp, usageText } = require('./commands') as typeof import('./commands');
  const { processIO } = require('./output') as typeof import('./output');
  const { UsageError } = require('./errors') as typeof import('./errors');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const out = io ?? withSignals(processIO);
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    out[name ? 'stdout' : 'stderr'](usageText());
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    out.stderr(`zuul-ts: unknown command '${name}'\n${usageText()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    out.stdout(commandHelp(name));
    return 0;
  }
  try {
    return await command.load()(rest, out);
  } catch (err) {
    if (err instanceof UsageError) {
      out.stderr(`zuul-ts ${name}: ${err.message}\nusage: ${command.usage}\n`);
      return 2;
    }
    out.stderr(`zuul-ts ${name}: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
}

/** SIGINT/SIGTERM abort the run once (roles stop, cleanup playbooks still run). */
function withSignals(io: CliIO): CliIO {
  const controller = new AbortController();
  const stop = () => controller.abort(new Error('aborted by signal'));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return { ...io, signal: controller.signal };
}
