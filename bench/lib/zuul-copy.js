#!/usr/bin/env node
'use strict';
// `node bench/lib/zuul-copy.js SRC DST`: one whole process copying an image with the zuul-ts
// registry client (what the promote/intermediate roles use), so its time and peak RSS compare
// with a `skopeo copy` process. Prints the destination digest.
const { RegistryClient } = require('../../packages/registry/dist');

const [src, dst] = process.argv.slice(2);
const client = new RegistryClient({ credentials: [] });
client
  .copy(src, dst)
  .then((digest) => {
    process.stdout.write(digest + '\n');
    client.close();
  })
  .catch((e) => {
    process.stderr.write(`zuul-copy: ${e.message}\n`);
    process.exitCode = 1;
  });
