import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FaultRule, RequestInfo } from '@zuul-ts/testing';
import {
  SecretScanner,
  keyedFaults,
  renderFigures,
  requestKey,
  spliceFigures,
  FIGURES_BEGIN,
  FIGURES_END,
} from '../src';

// The suite's own tools: the keyed fault pattern is independent of arrival order, and the
// scanner finds the encoded forms a credential leaks in.
const decide = (rules: FaultRule[], req: RequestInfo) => rules.findIndex((r) => r.match!(req));

test('keyed faults: the same requests fail whatever order they arrive in', () => {
  const paths = Array.from(
    { length: 200 },
    (_, i) => `/v2/org/app-${i % 7}/blobs/sha256:${i.toString(16).padStart(4, '0')}`,
  );
  const outcome = (order: string[]) => {
    const rules = keyedFaults({ seed: 5, rate: 0.2, failFirst: false });
    const failed = new Set<string>();
    order.forEach((path, n) => {
      if (decide(rules, { n: n + 1, method: 'HEAD', path, kind: 'blob' }) >= 0)
        failed.add(requestKey({ method: 'HEAD', path }));
    });
    return failed;
  };
  const forward = outcome(paths);
  const backward = outcome([...paths].reverse());
  expect([...forward].sort()).toEqual([...backward].sort());
  // About a fifth of distinct requests fail.
  expect(forward.size).toBeGreaterThan(20);
  expect(forward.size).toBeLessThan(60);
});

test('keyed faults: a key fails at most maxPerKey times; limit caps the total', () => {
  const rules = keyedFaults({ seed: 1, rate: 1, maxPerKey: 2, limit: 5 });
  const hits = Array.from(
    { length: 10 },
    (_, i) =>
      decide(rules, {
        n: i + 1,
        method: 'PUT',
        path: `/v2/a/manifests/t${i % 3}`,
        kind: 'manifest',
      }) >= 0,
  );
  expect(hits.filter(Boolean)).toHaveLength(5);
  const once = keyedFaults({ seed: 1, rate: 1, maxPerKey: 2 });
  const same = Array.from(
    { length: 4 },
    (_, i) => decide(once, { n: i + 1, method: 'GET', path: '/v2/', kind: 'base' }) >= 0,
  );
  expect(same).toEqual([true, true, false, false]);
});

test('secret scanner: password, base64 user:pass, X-Registry-Auth, inside errors and files', () => {
  const s = new SecretScanner();
  s.addCredential('robot', 'pa55-word-x', 'quay.io');
  s.capture('clean', 'nothing here ******');
  s.capture('basic', `Authorization: Basic ${Buffer.from('robot:pa55-word-x').toString('base64')}`);
  s.capture(
    'xra',
    Buffer.from(
      JSON.stringify({ username: 'robot', password: 'pa55-word-x', serveraddress: 'quay.io' }),
    ).toString('base64url'),
  );
  s.capture('error', new Error('outer', { cause: new Error('inner pa55-word-x') }));
  const dir = mkdtempSync(join(tmpdir(), 'zuul-ts-scan-'));
  try {
    writeFileSync(join(dir, 'results.json'), '{"x":"pa55-word-x"}');
    s.captureFiles('files', dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  expect([...new Set(s.scan().map((h) => h.source.replace(/:.*/, '')))]).toEqual([
    'basic',
    'xra',
    'error',
    'files',
  ]);
});

test('report: figures render into the marked block of the doc', () => {
  const figures = renderFigures([
    { section: 'Concurrency', case: 'a|b', cases: 2, tagsLost: 0 },
    { section: 'Faults (20 %)', case: 'c', faultsInjected: 3, jobsCompleted: 1 },
  ]);
  expect(figures.indexOf('### Faults (20 %)')).toBeLessThan(figures.indexOf('### Concurrency'));
  expect(figures).toContain('| a\\|b | 2 |');
  const doc = spliceFigures(`intro\n${FIGURES_BEGIN}\nold\n${FIGURES_END}\nend\n`, figures);
  expect(doc).not.toContain('old');
  expect(doc).toContain('| 2 | 3 | 1 |');
});
