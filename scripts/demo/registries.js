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
const { mkdirSync, rmSync, writeFileSync } = require('node:fs');
const net = require('node:net');
const { join } = require('node:path');
const { launchLocalRegistry, freePort, probeRegistry } = require('@zuul-ts/registry');

const FINAL_HOST = '127.10.10.10';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** True when something already accepts connections on host:port. */
function answers(port, host) {
  return new Promise((resolve) => {
    const s = net.connect({ port, host, timeout: 1000 });
    s.once('connect', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
    s.once('timeout', () => (s.destroy(), resolve(false)));
  });
}

/** Ready means a real TLS request through the forwarder: GET /v2/ answers 401 (auth required). */
async function waitForFinal(ca) {
  const deadline = Date.now() + 15000;
  let status = 0;
  while (Date.now() < deadline) {
    status = await probeRegistry(`https://${FINAL_HOST}`, ca);
    if (status === 401) return;
    await sleep(100);
  }
  throw new Error(`GET https://${FINAL_HOST}/v2/ did not answer 401 (last status ${status})`);
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function main() {
  const state = process.argv[2];
  if (!state) throw new Error('usage: registries.js STATE_DIR');
  mkdirSync(join(state, 'registries'), { recursive: true });
  // Refuse a taken address: another forwarder there (an earlier demo not cleaned up, another
  // program) would answer the demo's requests instead of this registry.
  if (await answers(443, FINAL_HOST))
    throw new Error(
      `${FINAL_HOST}:443 is already in use (an earlier demo? run: bash scripts/demo.sh --cleanup)`,
    );
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
    forwarder.listen({ port: 443, host: FINAL_HOST, exclusive: true }, resolve);
  });
  await waitForFinal(final.ca);
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
  let stopping = false;
  const stop = async (code) => {
    if (stopping) return;
    stopping = true;
    for (const s of sockets) s.destroy();
    forwarder.close();
    await Promise.allSettled([final.stop(), intermediate.stop()]);
    process.exit(code);
  };
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));
  // A registry that dies takes the whole set down (and registries.json with it), so the next
  // demo run starts a fresh set instead of talking to half of one.
  const watch = setInterval(() => {
    const dead = [
      ['final', final],
      ['intermediate', intermediate],
    ].find(([, r]) => !alive(r.pid));
    if (!dead) return;
    clearInterval(watch);
    process.stderr.write(`demo registries: the ${dead[0]} registry exited; stopping the set\n`);
    rmSync(join(state, 'registries.json'), { force: true });
    stop(1);
  }, 500);
}

main().catch((e) => {
  process.stderr.write(`demo registries: ${e.message}\n`);
  process.exit(1);
});
