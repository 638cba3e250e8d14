'use strict';
// Loads the one-file CLI bundle (dist/zuul-ts.js, one CommonJS wrapper function) with V8's
// code cache (dist/zuul-ts.<node version and flags>.cache).
//
// The cache is written by `npm run build` after the bundle has run every command's help and a
// no-op playbook, so it holds the compiled code of every module body and of the functions a
// run calls, not only the bundle's top level. (A cache made right after compiling, as
// v8-compile-cache does, holds little more than the top level: esbuild's module wrappers are
// compiled lazily, on every start.) V8 checks the cache against the source, its own version
// and flags; a cache it rejects is only slower, and is then rewritten when the process exits,
// where the folder is writable. Each node version and set of node flags has its own cache
// file, so a run with other flags (a test starting `node bin/zuul-ts.js`) does not keep
// replacing the cache the CLI's own flags use.
const { readFileSync, renameSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const Module = require('node:module');
const vm = require('node:vm');

/** `cacheFile` undefined: compile without a cache (the build, which writes a fresh one). */
function loadBundle(file, cacheFile) {
  const source = readFileSync(file, 'utf8');
  let cachedData;
  try {
    if (cacheFile) cachedData = readFileSync(cacheFile);
  } catch {
    // no cache yet
  }
  // The bundle is already the CommonJS wrapper function (scripts/bundle.js).
  const script = new vm.Script(source, { filename: file, cachedData });
  const module = { exports: {} };
  script
    .runInThisContext()
    .call(module.exports, module.exports, Module.createRequire(file), module, file, dirname(file));
  return {
    exports: module.exports,
    cacheRejected: cachedData === undefined || script.cachedDataRejected === true,
    /** Writes the code compiled so far (atomically: other processes may be reading it). */
    saveCache(to = cacheFile) {
      const tmp = `${to}.${process.pid}`;
      writeFileSync(tmp, script.createCachedData());
      renameSync(tmp, to);
    },
  };
}

/** The code cache file for this node and its flags, in `dist`. */
function cacheFileFor(dist) {
  // Only `--` options can change what V8 accepts (not `-e` code, `-r` modules or their values),
  // on the command line or in NODE_OPTIONS.
  const options = (process.env.NODE_OPTIONS ?? '').split(/\s+/);
  const flags = [...process.execArgv, ...options].filter((arg) => arg.startsWith('--'));
  const key = [process.version, ...flags].join(' ').replace(/[^\w.=-]+/g, '_');
  return join(dist, `zuul-ts.${key.slice(0, 120)}.cache`);
}

/** The node flags of a launcher's `#!/usr/bin/env -S node --flag...` line. */
function launcherFlags(bin) {
  const first = readFileSync(bin, 'utf8').split('\n', 1)[0];
  return first.split(/\s+/).filter((word) => word.startsWith('--'));
}

module.exports = { cacheFileFor, launcherFlags, loadBundle };
