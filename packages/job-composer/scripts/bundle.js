#!/usr/bin/env node
/*
 * Bundles the compiled CLI (dist/cli/main.js and every workspace package it reaches) into one
 * file, dist/zuul-ts.js, which bin/zuul-ts.js loads: one file to read and compile (and to keep
 * in V8's code cache, dist/zuul-ts.*.cache) instead of a few hundred, which is most of a short
 * run's start-up.
 * Lazy require() calls stay lazy inside the bundle. dockerode (with ssh2 and its optional
 * native add-ons) stays outside and is loaded from node_modules the first time an engine
 * connects. Run by `npm run build` after tsc.
 */
'use strict';
const { execFileSync } = require('node:child_process');
const { readdirSync, rmSync } = require('node:fs');
const { join } = require('node:path');
const esbuild = require('esbuild');
const { launcherFlags } = require('../bin/load-bundle');

const pkg = join(__dirname, '..');

esbuild
  .build({
    entryPoints: [join(pkg, 'dist', 'cli', 'main.js')],
    outfile: join(pkg, 'dist', 'zuul-ts.js'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: ['dockerode', 'ssh2', 'cpu-features'],
    // Workspace packages resolve to their compiled dist/ through package.json "main".
    mainFields: ['main'],
    // No comments or indentation (40 % of the text) and plain ASCII: V8 keeps a source with
    // any non-ASCII character (a dash in a comment is enough) as two bytes per character, and
    // reads, hashes and holds that text on every start. Names are kept for stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
    charset: 'ascii',
    // License comments of bundled packages go beside it (dist/zuul-ts.js.LEGAL.txt).
    legalComments: 'external',
    // The file is the CommonJS wrapper function itself, compiled as is by bin/load-bundle.js:
    // wrapping it at load time would make V8 hold a second copy of the whole text.
    banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
    footer: { js: '})' },
    logLevel: 'warning',
  })
  // V8's code cache for the bundle, in a fresh process with the CLI's node flags (V8 accepts
  // a cache only under the flags it was made with): scripts/code-cache.js.
  .then(() => {
    for (const old of readdirSync(join(pkg, 'dist')))
      if (/^zuul-ts\..*cache$/.test(old)) rmSync(join(pkg, 'dist', old));
    const flags = launcherFlags(join(pkg, 'bin', 'zuul-ts.js'));
    execFileSync(process.execPath, [...flags, join(__dirname, 'code-cache.js')], {
      stdio: 'inherit',
    });
  })
  .catch(() => process.exit(1));
