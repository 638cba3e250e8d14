#!/usr/bin/env node
'use strict';
// Streams a large build context (default 200 MB in 20,000 files) to the engine and prints the
// process's peak RSS. The context tar is produced lazily with backpressure, so the peak must stay
// far below the context size (target: < 150 MB).
//   node packages/engine/bench/context-rss.js [--engine docker|podman] [--mb 200] [--files 20000] [--json]
// Needs `npx tsc -b packages/engine` (uses dist/) and `. .run/env`.
const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { randomBytes } = require('node:crypto');
const { execFileSync } = require('node:child_process');

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

/** Runs in a child process so generating the files does not count towards the measured peak. */
function generate(dir, totalMb, files) {
  const size = Math.floor((totalMb * 1024 * 1024) / files);
  // Incompressible content, 100 files per folder.
  for (let i = 0; i < files; i++) {
    const sub = join(dir, `d${Math.floor(i / 100)}`);
    if (i % 100 === 0) mkdirSync(sub);
    writeFileSync(join(sub, `f${i}`), randomBytes(size));
  }
  writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\nLABEL bench=context-rss\n');
}

async function main() {
  const kind = arg('engine', 'docker');
  const totalMb = Number(arg('mb', '200'));
  const files = Number(arg('files', '20000'));
  if (arg('generate')) return generate(arg('generate'), totalMb, files);
  const dir = mkdtempSync(join(tmpdir(), 'zuul-ts-rss-'));
  execFileSync(process.execPath, [
    process.argv[1],
    '--generate',
    dir,
    '--mb',
    String(totalMb),
    '--files',
    String(files),
  ]);
  const { ContainerEngine } = require('../dist');
  const before = process.resourceUsage().maxRSS;
  const engine = await ContainerEngine.connect({ kind });
  const tag = `zuul-ts-bench-rss-${randomBytes(4).toString('hex')}:latest`;
  try {
    await engine.build({ contextDir: dir, dockerfile: join(dir, 'Dockerfile'), tags: [tag] });
  } finally {
    await engine.remove(tag, { force: true });
    rmSync(dir, { recursive: true, force: true });
  }
  const peakMb = process.resourceUsage().maxRSS / 1024;
  const result = {
    engine: kind,
    contextMb: totalMb,
    files,
    peakRssMb: Math.round(peakMb),
    rssBeforeBuildMb: Math.round(before / 1024),
  };
  if (process.argv.includes('--json')) console.log(JSON.stringify(result));
  else
    console.log(
      `context ${totalMb} MB / ${files} files via ${kind}: peak RSS ${result.peakRssMb} MB`,
    );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
