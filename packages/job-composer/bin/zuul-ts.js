#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI lives in dist/cli/main.js (built by `npm run build`).
require('../dist/cli/main.js')
  .main(process.argv.slice(2))
  .then((code) => {
    // Exit at once: idle keep-alive sockets to registries and the engine would otherwise hold
    // the process open for seconds after the job is done (stdout/stderr writes to pipes and
    // files are synchronous on Linux, so nothing printed is lost).
    process.exit(code);
  });
