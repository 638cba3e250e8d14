#!/usr/bin/env -S node --max-semi-space-size=1
'use strict';
// The node flags above are the CLI's, read from this line by everything that starts the CLI
// with an explicit node (the executor launcher, the build's code cache, the bench):
// --max-semi-space-size=1 caps V8's young generation at 1 MB per semi-space. Left alone, V8
// grows it to 16 MB under the allocation rate of a build-context upload or a blob copy, and
// the buffers those allocate are freed only when it is collected (a 200 MB / 20 000-file
// build: 137 MB peak RSS by default, 93 MB with the cap, no slower).
//
// Thin launcher. The CLI is dist/zuul-ts.js, one bundled file (`npm run build`), loaded with
// V8's code cache (bin/load-bundle.js); dist/cli/main.js (tsc output) when no bundle was built.
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const bundle = join(__dirname, '..', 'dist', 'zuul-ts.js');
let main;
let bundled;
if (existsSync(bundle)) {
  const { cacheFileFor, loadBundle } = require('./load-bundle');
  bundled = loadBundle(bundle, cacheFileFor(join(__dirname, '..', 'dist')));
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
