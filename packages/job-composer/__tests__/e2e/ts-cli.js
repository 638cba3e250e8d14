#!/usr/bin/env -S node --max-semi-space-size=1
'use strict';
// Test-only launcher (with the node flags of bin/zuul-ts.js): runs `zuul-ts` straight from the TypeScript sources (no build needed),
// so stock Ansible can call it through a role stub. `@zuul-ts/<pkg>` maps to packages/<pkg>/src
// like the root jest config; `.ts` files are transpiled on load with the repo's TypeScript.
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const root = path.resolve(__dirname, '..', '..', '..', '..');
const resolve = Module._resolveFilename;
Module._resolveFilename = function (request, parent, ...rest) {
  const m = /^@zuul-ts\/([a-z-]+)(\/.*)?$/.exec(request);
  const mapped = m ? path.join(root, 'packages', m[1], 'src', m[2] || '') : request;
  return resolve.call(this, mapped, parent, ...rest);
};
Module._extensions['.ts'] = (mod, file) => {
  const out = ts.transpileModule(fs.readFileSync(file, 'utf8'), {
    fileName: file,
    compilerOptions: {
      module: ts.ModuleKind.Node16,
      target: ts.ScriptTarget.ES2022,
      esModuleInterop: true,
    },
  });
  mod._compile(out.outputText, file);
};
require(path.join(root, 'packages', 'job-composer', 'src', 'cli', 'main.ts'))
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
