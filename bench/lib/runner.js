'use strict';
// Runs one scenario: setup, N repetitions of every contender (order rotated each round so
// no contender always runs warm or cold), a correctness check after every timed run, teardown.
const { now, summarise } = require('./measure');

/**
 * A scenario module exports:
 *   name, summary, requires: { packages: {pkg: [exports]}, tools: [..] },
 *   setup(ctx) -> state, teardown(state),
 *   contenders: [{ name, role: 'self'|'alt'|'floor'|'info', tool?, missing?() -> why not,
 *                  prepare?(state, it),
 *                  run(state, it) -> metrics?, check(state, it) }]
 * `run` may return `{ seconds }` to replace the measured time (a child process' own
 * measurement) plus any numeric metrics (peakRssMB, MBps, requestsPerTag, …).
 */
async function runScenario(scenario, ctx) {
  const state = await scenario.setup(ctx);
  const samples = new Map(scenario.contenders.map((c) => [c.name, []]));
  const unavailable = (c) =>
    c.tool && ctx.missingTools.includes(c.tool) ? `${c.tool} not installed` : c.missing?.();
  const active = scenario.contenders.filter((c) => !unavailable(c));
  try {
    for (let it = 0; it < ctx.repeat; it++) {
      const order = active.map((_, i) => active[(i + it) % active.length]);
      for (const c of order) {
        if (c.prepare) await c.prepare(state, it);
        const t0 = now();
        const metrics = (await c.run(state, it)) || {};
        const seconds = now() - t0;
        await c.check(state, it);
        samples.get(c.name).push({ seconds, ...metrics });
      }
    }
  } finally {
    await scenario.teardown(state);
  }
  const contenders = {};
  for (const c of scenario.contenders) {
    const s = samples.get(c.name);
    if (!s.length) {
      contenders[c.name] = { role: c.role, unavailable: unavailable(c) };
      continue;
    }
    const metrics = {};
    for (const key of Object.keys(s[0])) metrics[key] = summarise(s.map((x) => x[key]));
    contenders[c.name] = { role: c.role, ...metrics };
  }
  return { sizes: state.sizes, contenders, notes: state.notes || [] };
}

module.exports = { runScenario };
