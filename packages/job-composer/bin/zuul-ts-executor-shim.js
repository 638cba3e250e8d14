#!/usr/bin/env node
'use strict';
// Installs/removes the zuul-ts launcher in a Zuul Ansible venv (see dist/executor/shim-cli.js).
process.exitCode = require('../dist/executor/shim-cli.js').shimMain(process.argv.slice(2));
