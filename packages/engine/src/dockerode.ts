import type Docker from 'dockerode';

/**
 * dockerode (with docker-modem and ssh2) takes tens of milliseconds and several MB to load:
 * required when the first engine connects, not when a process that never talks to an engine
 * (a promote, a registry copy) loads this package.
 */
export function loadDockerode(): typeof Docker {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('dockerode') as typeof Docker;
}
