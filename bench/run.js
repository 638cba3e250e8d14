#!/usr/bin/env node
'use strict';
// `npm run bench [-- --smoke] [-- --only name]`: side-by-side benchmarks of zuul-ts against
// what zuul-jobs runs (skopeo, docker CLI, ansible-playbook) and the raw protocol floor.
const { existsSync, mkdirSync, writeFileSync } = require('node:fs');
const { dirname, join } = require('node:path');
const { parseArgs, USAGE } = require('./lib/args');
const { ensureInfra, ensureTools, hasExports, loadPackage, machine } = require('./lib/env');
const { runScenario } = require('./lib/runner');
const { scenarioLine, table } = require('./lib/report');

// Run order: cheap first, so a smoke run shows breakage early.
const SCENARIOS = [
  'startup',
  'retag-15',
  'promote-5x3',
  'promote-200x3',
  'upload-5x3',
  'intermediate-5',
  'mirror-5',
  'copy-1g',
  'build-overhead',
  'executor-dispatch',
];

const log = (m) => process.stderr.write(`bench: ${m}\n`);

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) return void console.log(USAGE);
  const unknown = opts.only.filter((n) => !SCENARIOS.includes(n));
  if (unknown.length)
    throw new Error(`unknown scenario ${unknown.join(', ')} (known: ${SCENARIOS.join(', ')})`);
  const names = opts.only.length ? SCENARIOS.filter((n) => opts.only.includes(n)) : SCENARIOS;
  const repeat = opts.repeat || (opts.smoke ? 1 : 5);
  ensureInfra();
  if (!loadPackage('registry'))
    throw new Error(
      'packages are not built: run `npm run build` first (the bench uses packages/*/dist)',
    );

  const scenarios = names.map((n) =>
    existsSync(join(__dirname, 'scenarios', `${n}.js`))
      ? require(`./scenarios/${n}`)
      : { name: n, summary: '', requires: {}, pending: 'scenario not written yet' },
  );
  const tools = [...new Set(scenarios.flatMap((s) => s.requires.tools || []))];
  const missingTools = ensureTools(tools, log);

  const results = {};
  let failed = 0;
  for (const s of scenarios) {
    const pending = Object.entries(s.requires.packages || {}).filter(
      ([p, ex]) => !hasExports(p, ex),
    );
    const notReady = s.requires.ready ? s.requires.ready() : undefined;
    if (s.pending || pending.length || notReady) {
      results[s.name] = {
        status: 'pending',
        reason:
          s.pending ||
          notReady ||
          `needs ${pending.map(([p, ex]) => `@zuul-ts/${p} (${ex.join(', ')})`).join(', ')}`,
        summary: s.summary,
      };
    } else {
      log(`${s.name} …`);
      try {
        // Long scenarios cap their repetitions (`maxRepeat`) unless --repeat asks explicitly.
        const n = opts.repeat || Math.min(repeat, s.maxRepeat || repeat);
        const ctx = { smoke: opts.smoke, repeat: n, missingTools, log, pkg: loadPackage };
        results[s.name] = { status: 'ok', summary: s.summary, ...(await runScenario(s, ctx)) };
      } catch (e) {
        failed++;
        results[s.name] = {
          status: 'failed',
          reason: e && e.message ? e.message : String(e),
          summary: s.summary,
        };
      }
    }
    results[s.name].line = scenarioLine(s.name, results[s.name]);
    console.log(results[s.name].line);
  }
  console.log('\n' + table(results));
  const out = opts.json || join(__dirname, 'results', 'latest.json');
  mkdirSync(dirname(out), { recursive: true });
  const doc = {
    date: new Date().toISOString(),
    mode: opts.smoke ? 'smoke' : 'full',
    repeat,
    machine: machine(),
    results,
  };
  writeFileSync(out, JSON.stringify(doc, null, 2) + '\n');
  log(`results written to ${out}`);
  if (failed) process.exitCode = 1;
}

// Exit explicitly (and on Ctrl-C / SIGTERM): the 'exit' hook of the registry launcher then
// kills every registry this run started, and no stray handle keeps the bench alive.
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));
main()
  .catch((e) => {
    process.stderr.write(`bench: ${e && e.message ? e.message : e}\n`);
    process.exitCode = 1;
  })
  .finally(() => process.exit());
