#!/usr/bin/env node
/*
 * Writes V8's code cache for the bundle (dist/zuul-ts.<node and flags>.cache; scripts/bundle.js
 * runs this with the CLI's node flags), after running what a short run
 * compiles: the usage text, every command's --help (which loads each command's modules) and a
 * no-op playbook (inventory, YAML, templating, the event output). Run by scripts/bundle.js in
 * a fresh process, so the cache holds the bundle's code and nothing else.
 */
'use strict';
const { mkdtempSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { cacheFileFor, loadBundle } = require('../bin/load-bundle');

const dist = join(__dirname, '..', 'dist');
const quiet = { stdout() {}, stderr() {} };

async function warmUp(main) {
  await main(['--help'], quiet);
  const { COMMANDS } = require(join(dist, 'cli', 'commands.js'));
  for (const name of Object.keys(COMMANDS)) await main([name, '--help'], quiet);
  const dir = mkdtempSync(join(tmpdir(), 'zuul-ts-code-cache-'));
  try {
    writeFileSync(
      join(dir, 'noop.yaml'),
      '- hosts: localhost\n  gather_facts: false\n  tasks: []\n',
    );
    writeFileSync(
      join(dir, 'inventory.yaml'),
      'all:\n  hosts:\n    localhost:\n      ansible_connection: local\n',
    );
    const code = await main(
      ['run-playbook', '-i', join(dir, 'inventory.yaml'), join(dir, 'noop.yaml')],
      quiet,
    );
    if (code !== 0) throw new Error(`no-op playbook exited ${code}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// No cache is read here: a stale one must not count.
const bundle = loadBundle(join(dist, 'zuul-ts.js'), undefined);
warmUp(bundle.exports.main).then(
  () => bundle.saveCache(cacheFileFor(dist)),
  (err) => {
    process.stderr.write(`code-cache: ${err.message}\n`);
    process.exit(1);
  },
);
