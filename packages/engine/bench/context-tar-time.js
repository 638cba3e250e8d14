#!/usr/bin/env node
'use strict';
// Times building the context tar alone (no engine): the tar is drained into a null sink.
//   node packages/engine/bench/context-tar-time.js <contextDir> [--runs 3]
// Generate a 200 MB / 20,000-file context with
//   node packages/engine/bench/context-rss.js --generate <dir> --mb 200 --files 20000
// Needs `npx tsc -b packages/engine` (uses dist/).
const { Writable } = require('node:stream');
const { pipeline } = require('node:stream/promises');

async function main() {
  const dir = process.argv[2];
  if (!dir) throw new Error('usage: context-tar-time.js <contextDir> [--runs N]');
  const i = process.argv.indexOf('--runs');
  const runs = i >= 0 ? Number(process.argv[i + 1]) : 3;
  const { contextTar } = require('../dist');
  const times = [];
  let bytes = 0;
  for (let r = 0; r < runs; r++) {
    bytes = 0;
    const start = process.hrtime.bigint();
    const sink = new Writable({
      write(chunk, _enc, cb) {
        bytes += chunk.length;
        cb();
      },
    });
    await pipeline(contextTar({ contextDir: dir, dockerfileName: 'Dockerfile' }), sink);
    times.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  times.sort((a, b) => a - b);
  const peak = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(
    `context tar ${(bytes / 1048576).toFixed(0)} MB: median ${times[Math.floor(runs / 2)].toFixed(2)} s ` +
      `(min ${times[0].toFixed(2)} s, max ${times[runs - 1].toFixed(2)} s), peak RSS ${peak} MB`,
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
