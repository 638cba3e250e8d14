#!/usr/bin/env node
/*
 * Compiles the JSON schema of every built-in role into one module of ready validators,
 * dist/roles/validators.js (ajv standalone code), so a run validates role variables without
 * loading ajv or generating code at start-up. Each validator is keyed by role name and stored
 * with a fingerprint of the schema it was made from: a role whose schema differs (a
 * registered test role, a changed package not rebuilt) falls back to compiling with ajv.
 * Run by `npm run build` after tsc and before the bundle.
 */
'use strict';
const { writeFileSync } = require('node:fs');
const { join } = require('node:path');
const Ajv = require('ajv').default;
const standaloneCode = require('ajv/dist/standalone').default;

const dist = join(__dirname, '..', 'dist');
const { BUILTIN_ROLE_PACKAGES, resolveRole } = require(join(dist, 'roles', 'registry.js'));
const { schemaFingerprint, AJV_OPTIONS } = require(join(dist, 'roles', 'schema-fingerprint.js'));

const ajv = new Ajv({ ...AJV_OPTIONS, code: { source: true } });
const exportsMap = {};
const fingerprints = {};
Object.keys(BUILTIN_ROLE_PACKAGES).forEach((name, i) => {
  const schema = resolveRole(name).schema;
  const id = `role${i}`;
  ajv.addSchema(schema, id);
  exportsMap[id] = id;
  fingerprints[name] = { id, fingerprint: schemaFingerprint(schema) };
});
const code = standaloneCode(ajv, exportsMap);
writeFileSync(
  join(dist, 'roles', 'validators.js'),
  `${code}\nexports.fingerprints = ${JSON.stringify(fingerprints)};\n`,
);
