#!/usr/bin/env node
'use strict';
// Thin launcher. The CLI is dist/zuul-ts.js, one bundled file (`npm run build`), loaded with
// V8's code cache (bin/load-bundle.js); dist/cli/main.js (tsc output) when no bundle was built.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'dist', 'zuul-ts.js');
let main;
let bundled;
if (existsSync(bundle)) {
  bundled = require('./load-bundle').loadBundle(
    bundle,
    join(__dirname, '..', 'dist', 'zuul-ts.cache'),
  );
  main = bundled.exports.main;
} else {
  main = require('../dist/cli/main.js').main;
}
main(process.argv.slice(2)).then((code) => {
  if (bundled?.cacheRejected) {
    try {
      bundled.saveCache();
    } catch {
      // read-only install: runs stay correct, only slower to start
    }
  }
  // Exit at once: idle keep-alive sockets to registries and the engine would otherwise hold
  // the process open for seconds after the job is done (stdout/stderr writes to pipes and
  // files are synchronous on Linux, so nothing printed is lost).
  process.exit(code);
});
