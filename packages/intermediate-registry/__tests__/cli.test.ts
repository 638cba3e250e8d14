import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, probeRegistry, runningPid } from '@zuul-ts/registry';
import type { BuildsetRegistryVar } from '../src';
import { useNodeDir } from './helpers';

/** `zuul-ts <args>` in a separate node process, from the sources; resolves when it exited. */
function zuulTs(
  args: string[],
  stdin: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [join(__dirname, 'fixtures', 'run-cli.js'), ...args],
      { timeout: 120000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin?.end(stdin);
  });
}

const { userDir, root } = useNodeDir('zuul-ts-cli-node-');

test('zuul-ts role run-buildset-registry: the registry outlives the CLI process; stop-buildset-registry stops it', async () => {
  const port = await freePort();
  const resultFile = join(userDir, 'results.json');
  const vars = {
    ansible_user_dir: userDir,
    ansible_host: '127.0.0.1',
    buildset_registry_port: port,
  };
  const started = await zuulTs(
    ['role', 'run-buildset-registry', '-e', '@-', '--result-file', resultFile],
    JSON.stringify(vars),
  );
  expect(started.stderr).not.toMatch(/error/i);
  expect(started.code).toBe(0);

  // The CLI process has exited; the registry it started still serves, with the returned CA.
  const reg = (
    JSON.parse(readFileSync(resultFile, 'utf8')) as {
      secret_data: { buildset_registry: BuildsetRegistryVar };
    }
  ).secret_data.buildset_registry;
  expect(reg).toMatchObject({ host: '127.0.0.1', port, username: 'zuul' });
  expect(started.stdout + started.stderr).not.toContain(reg.password!);
  expect(await probeRegistry(`https://127.0.0.1:${port}`, reg.cert)).toBe(401);
  expect(runningPid(root)).toBeGreaterThan(0);

  const stopped = await zuulTs(
    ['role', 'stop-buildset-registry', '-e', '@-'],
    JSON.stringify({ ansible_user_dir: userDir }),
  );
  expect(stopped.code).toBe(0);
  expect(await probeRegistry(`https://127.0.0.1:${port}`, reg.cert)).toBe(0);
  expect(existsSync(root)).toBe(false);
  // Two CLI processes that each transpile the TypeScript sources on start: on a loaded 2-core
  // machine that alone can take most of jest's default 60 s.
}, 180000);
