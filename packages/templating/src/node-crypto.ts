/**
 * node:crypto, loaded on first use: with node:stream, which it loads, it is a tenth of a short
 * run's start-up, and most runs hash and draw nothing (the hash and random filters, the
 * password lookup).
 */
export function nodeCrypto(): typeof import('node:crypto') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('node:crypto') as typeof import('node:crypto');
}
