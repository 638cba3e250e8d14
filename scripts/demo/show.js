#!/usr/bin/env node
/*
 * Prints where the demo's images are after a step: one row per image, tag, digest and place
 * (final registry, intermediate registry, local Docker Engine).
 * usage: node scripts/demo/show.js STATE_DIR NAMESPACE
 */
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const { RegistryClient } = require('@zuul-ts/registry');
const { ContainerEngine } = require('@zuul-ts/engine');

async function main() {
  const [state, ns] = process.argv.slice(2);
  const info = JSON.parse(readFileSync(join(state, 'registries.json'), 'utf8'));
  const secrets = JSON.parse(readFileSync(join(state, 'secrets.yaml'), 'utf8'));
  const cred = secrets['sample-registry-credentials'][info.final.host];
  const client = new RegistryClient({
    credentials: [{ registry: info.final.host, ...cred }],
    ca: { [info.final.host]: readFileSync(info.final.ca, 'utf8') },
  });
  const rows = [];
  const short = (d) => (d ? d.slice(0, 19) : '-');
  try {
    for (const image of ['app', 'base']) {
      const repo = `${info.final.host}/${ns}/${image}`;
      const places = [
        ['final registry', repo],
        ['intermediate registry', `${info.intermediate.host}/${repo}`],
      ];
      for (const [where, r] of places) {
        for (const tag of ((await client.listTags(r)) || []).sort()) {
          const head = await client.headManifest(`${r}:${tag}`);
          const kind = head && /index|list/.test(head.mediaType) ? ' (multi-arch)' : '';
          rows.push([`${ns}/${image}`, tag, short(head && head.digest) + kind, where]);
        }
      }
      const engine = await ContainerEngine.connect({ kind: 'docker' });
      for (const tag of ['latest', '1.0']) {
        for (const t of [tag, `change_1001_${tag}`, `change_1002_${tag}`]) {
          const local = await engine.inspect(`${repo}:${t}`);
          if (local) rows.push([`${ns}/${image}`, t, short(local.id), 'local docker (image id)']);
        }
      }
    }
  } finally {
    client.close();
  }
  const head = ['image', 'tag', 'digest', 'where'];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r) => '  ' + r.map((c, i) => c.padEnd(w[i])).join('  ');
  console.log(line(head));
  for (const r of rows) console.log(line(r));
  if (rows.length === 0) console.log('  (no images yet)');
}

main().catch((e) => {
  process.stderr.write(`show: ${e.message}\n`);
  process.exit(1);
});
