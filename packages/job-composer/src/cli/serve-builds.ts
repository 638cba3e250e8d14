import { pipelineState } from '../pipeline/state';
import { startBuildsApiServer } from '../results';
import { parseArgs, type OptionSpec } from './args';
import { UsageError } from './errors';
import { EXIT_SUCCESS } from './exit-codes';
import type { CliIO } from './output';

export const OPTIONS: OptionSpec[] = [
  { name: 'state-dir', kind: 'value', arg: 'DIR', help: "run-pipeline's state directory" },
  { name: 'port', kind: 'value', arg: 'N', help: 'the port to listen on (default: a free one)' },
  { name: 'host', kind: 'value', arg: 'H', help: 'the address to listen on (default 127.0.0.1)' },
  { name: 'tenant', kind: 'value', arg: 'T', help: 'the tenant name in the API path' },
];

/**
 * `zuul-ts serve-builds`: Zuul's `/api/tenant/<tenant>/builds` over the
 * build records run-pipeline keeps in the state dir, until SIGINT/SIGTERM. Prints the tenant
 * URL (the value for `promote_container_image_api`) on stdout.
 */
export async function serveBuildsCommand(argv: string[], io: CliIO): Promise<number> {
  const a = parseArgs(argv, OPTIONS);
  if (a.positionals.length) throw new UsageError(`unexpected argument '${a.positionals[0]}'`);
  const port = a.values.port === undefined ? 0 : Number(a.values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError('--port must be a port number');
  const state = pipelineState(a.values['state-dir']);
  const server = await startBuildsApiServer(
    state.buildsFile,
    a.values.tenant ?? 'local',
    a.values.host ?? '127.0.0.1',
    port,
  );
  io.stdout(`${server.tenantUrl}\n`);
  await new Promise<void>((resolve) => {
    if (!io.signal) return; // no signal: serve until the process is killed
    if (io.signal.aborted) return resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await server.stop();
  return EXIT_SUCCESS;
}
