'use strict';
// One line per scenario, a table, and the JSON results file.

function secs(s) {
  if (s >= 10) return `${s.toFixed(0)} s`;
  if (s >= 1) return `${s.toFixed(1)} s`;
  if (s >= 0.01) return `${s.toFixed(2)} s`;
  return `${(s * 1000).toFixed(1)} ms`;
}
const ratio = (r) => `${r >= 10 ? r.toFixed(0) : r.toFixed(1)}x`;

const EXTRA = {
  MBps: (v) => `${v.toFixed(0)} MB/s`,
  peakRssMB: (v) => `peak RSS ${v.toFixed(0)} MB`,
  requestsPerTag: (v) => `${v.toFixed(2)} requests/tag`,
};

function extras(c) {
  return Object.keys(EXTRA)
    .filter((k) => c[k])
    .map((k) => EXTRA[k](c[k].median));
}

/** `promote-5x3: zuul-ts 0.21 s, skopeo 1.3 s (6.2x faster), floor 0.11 s (1.9x floor)` */
function scenarioLine(name, result) {
  if (result.status !== 'ok') return `${name}: ${result.status} (${result.reason})`;
  const entries = Object.entries(result.contenders);
  const selfs = entries.filter(([, c]) => c.role === 'self');
  const floor = entries.find(([, c]) => c.role === 'floor');
  const parts = [];
  const describe = (n, c) => {
    const x = extras(c);
    return `${n} ${secs(c.seconds.median)}${x.length ? ` [${x.join(', ')}]` : ''}`;
  };
  selfs.forEach(([n, c], i) => {
    if (c.unavailable) return parts.push(`${n} n/a`);
    let p = describe(n, c);
    if (i === 0) {
      for (const [an, a] of entries.filter(([, x]) => x.role === 'alt')) {
        if (a.unavailable) {
          p += `, ${an} n/a (${a.unavailable})`;
          continue;
        }
        const r = a.seconds.median / c.seconds.median;
        p += `, ${describe(an, a)} (${r >= 1 ? `${ratio(r)} faster` : `${ratio(1 / r)} slower`})`;
      }
    }
    if (floor && !floor[1].unavailable) {
      const fr = c.seconds.median / floor[1].seconds.median;
      p +=
        i === 0
          ? `, floor ${secs(floor[1].seconds.median)} (${ratio(fr)} floor)`
          : ` (${ratio(fr)} floor)`;
    }
    parts.push(p);
  });
  for (const [n, c] of entries.filter(([, x]) => x.role === 'info'))
    parts.push(c.unavailable ? `${n} n/a` : describe(n, c));
  return `${name}: ${parts.join('; ')}`;
}

function table(results) {
  const rows = [['scenario', 'contender', 'median', 'min–max', 'n', 'other']];
  for (const [name, r] of Object.entries(results)) {
    if (r.status !== 'ok') {
      rows.push([
        name,
        r.status,
        '',
        '',
        '',
        r.reason.length > 100 ? `${r.reason.slice(0, 97)}...` : r.reason,
      ]);
      continue;
    }
    for (const [cn, c] of Object.entries(r.contenders)) {
      if (c.unavailable) {
        rows.push([name, cn, 'n/a', '', '', c.unavailable]);
        continue;
      }
      const s = c.seconds;
      rows.push([
        name,
        cn,
        secs(s.median),
        `${secs(s.min)}–${secs(s.max)}`,
        String(s.n),
        extras(c).join(', '),
      ]);
    }
  }
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const fmt = (r) =>
    r
      .map((v, i) => v.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [
    fmt(rows[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(fmt),
  ].join('\n');
}

module.exports = { scenarioLine, table, secs };
