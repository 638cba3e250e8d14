import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const INFRA = join(ROOT, 'scripts', 'infra.sh');
const RUN = process.env.ZUUL_TS_RUN ?? join(ROOT, '.run');

/**
 * A dockerd name unique to this test process: two runs of the suite at once (a developer and
 * CI in one checkout) never share, stop or disturb each other's daemon.
 */
export const privateDockerName = (name: string) => `${name}-${process.pid}`;

/** Starts (idempotent) the private dockerd NAME of scripts/infra.sh; returns its DOCKER_HOST. */
export function startPrivateDocker(name: string): string {
  return execFileSync('bash', [INFRA, 'start-docker', name], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }).trim();
}

export function stopPrivateDocker(name: string): void {
  execFileSync('bash', [INFRA, 'stop-docker', name], { stdio: 'ignore' });
}

/** Stops the daemon and removes its folder (socket, data root, log). */
export function removePrivateDocker(name: string): void {
  stopPrivateDocker(name);
  try {
    rmSync(join(RUN, name), { recursive: true, force: true });
  } catch {
    // a mount left behind by the daemon: the folder stays, nothing runs
  }
}

/**
 * This test file's roles talk to a dockerd of its own (DOCKER_HOST for the file; started
 * before, stopped and removed after), so "the engine's image list is unchanged" is not
 * disturbed by other suites building on the shared one.
 */
export function usePrivateDocker(base: string): { host: string } {
  const env = { host: '' };
  const name = privateDockerName(base);
  let saved: string | undefined;
  beforeAll(() => {
    saved = process.env.DOCKER_HOST;
    env.host = startPrivateDocker(name);
    process.env.DOCKER_HOST = env.host;
  });
  afterAll(() => {
    process.env.DOCKER_HOST = saved;
    removePrivateDocker(name);
  });
  return env;
}
