#!/usr/bin/env node
/*
 * The demo's registries, kept running until SIGTERM (scripts/demo.sh starts this in the
 * background and stops it with --cleanup):
 *  - the "final" registry: TLS + htpasswd docker-registry reached WITHOUT a port as
 *    127.10.10.10 (port 443, forwarded to the registry's random port): the buildset and
 *    intermediate registries store images as <their host:port>/<repository>, and only a
 *    reference's first component may carry a port;
 *  - the intermediate registry: a plain loopback docker-registry.
 * Writes STATE/registries.json (addresses, no secrets), STATE/secrets.yaml and
 * STATE/site-vars.yaml (0600: the --secrets file and the site variables for run-pipeline).
 * usage: node scripts/demo/registries.js STATE_DIR
 */
'use strict';
const { mkdirSync, writeFileSync } = require('node:fs');
const net = require('node:net');
const { join } = require('node:path');
const { launchLocalRegistry, freePort } = require('@zuul-ts/registry');

const FINAL_HOST = '127.10.10.10';

async function main() {
  const state = process.argv[2];
  if (!state) throw new Error('usage: registries.js STATE_DIR');
  mkdirSync(join(state, 'registries'), { recursive: true });
  const final = await launchLocalRegistry({
    dir: join(state, 'registries', 'final'),
    tls: { names: [FINAL_HOST] },
    auth: { username: 'demo' },
  });
  const intermediate = await launchLocalRegistry({
    dir: join(state, 'registries', 'intermediate'),
  });
  const sockets = new Set();
  const forwarder = net.createServer((sock) => {
    const up = net.connect(final.port, '127.0.0.1');
    for (const s of [sock, up]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => (sock.destroy(), up.destroy()));
    }
    sock.pipe(up).pipe(sock);
  });
  await new Promise((resolve, reject) => {
    forwarder.once('error', reject);
    forwarder.listen(443, FINAL_HOST, resolve);
  });
  const buildsetPort = await freePort();
  const secret = (file, value) =>
    writeFileSync(join(state, file), JSON.stringify(value, null, 2), { mode: 0o600 });
  secret('secrets.yaml', {
    'sample-registry-credentials': {
      [FINAL_HOST]: { username: final.username, password: final.password },
    },
    'site-intermediate-registry': {
      host: '127.0.0.1',
      port: intermediate.port,
      username: 'demo',
      password: 'unused-by-a-plain-registry',
    },
  });
  secret('site-vars.yaml', {
    sample_registry: FINAL_HOST,
    container_registry_ca: { [FINAL_HOST]: final.ca },
    buildset_registry_port: buildsetPort,
    buildset_registry_root: join(state, 'buildset_registry'),
  });
  writeFileSync(
    join(state, 'registries.json'),
    JSON.stringify({
      pid: process.pid,
      final: { host: FINAL_HOST, ca: final.caPath },
      intermediate: { host: intermediate.host },
      buildset: { host: `127.0.0.1:${buildsetPort}` },
    }),
  );
  const stop = async () => {
    for (const s of sockets) s.destroy();
    forwarder.close();
    await Promise.allSettled([final.stop(), intermediate.stop()]);
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e) => {
  process.stderr.write(`demo registries: ${e.message}\n`);
  process.exit(1);
});
