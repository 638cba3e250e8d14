import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');
const INFRA = join(ROOT, 'scripts', 'infra.sh');

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

/**
 * This test file's roles talk to a dockerd of its own (started for the file, stopped after it; DOCKER_HOST for the file), so "the
 * engine's image list is unchanged" is not disturbed by other suites building on the shared one.
 */
export function usePrivateDocker(name: string): { host: string } {
  const env = { host: '' };
  let saved: string | undefined;
  beforeAll(() => {
    saved = process.env.DOCKER_HOST;
    env.host = startPrivateDocker(name);
    process.env.DOCKER_HOST = env.host;
  });
  afterAll(() => {
    process.env.DOCKER_HOST = saved;
    stopPrivateDocker(name); // the suite leaves no daemon behind (its data root is kept)
  });
  return env;
}
