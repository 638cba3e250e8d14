import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusEntries, type Entry } from './entries';
import { deliberateDifferences, pendingDifferences } from './known';
import { matrixEntries } from './matrix';
import { evaluateWithAnsible } from './run-ansible';
import { evaluateWithZuulTs } from './run-zuul-ts';
import { sameResult, show, type Tagged } from './tagged';

jest.setTimeout(240000);

/**
 * The differential suite: every corpus and matrix entry evaluated by Debian's ansible-playbook
 * (the oracle) and by zuul-ts with the same inventory, extra vars and play vars, compared by
 * value and type. Differences are allowed only where the templating README lists them as
 * deliberate, and each listed one must still differ (so a change in either shows up).
 */
describe('templating agrees with ansible-core', () => {
  const entries: Entry[] = [...corpusEntries(), ...matrixEntries()];
  let dir: string;
  let ansible: Map<string, Tagged>;
  let zuulTs: Map<string, Tagged>;

  beforeAll(async () => {
    const probe = spawnSync('ansible-playbook', ['--version'], { encoding: 'utf8' });
    if (probe.status !== 0)
      throw new Error('ansible-playbook is not installed: scripts/infra.sh installs ansible-core');
    dir = mkdtempSync(join(tmpdir(), 'zts-differential-'));
    [ansible, zuulTs] = await Promise.all([
      evaluateWithAnsible(join(dir, 'ansible'), entries),
      evaluateWithZuulTs(join(dir, 'zuul-ts'), entries),
    ]);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('the corpus is large and every id is unique', () => {
    expect(entries.length).toBeGreaterThanOrEqual(1500);
    expect(new Set(entries.map((e) => e.id)).size).toBe(entries.length);
  });

  test('every entry has a result on both sides', () => {
    const missing = entries.filter((e) => !ansible.has(e.id) || !zuulTs.has(e.id));
    expect(missing.map((e) => e.id)).toEqual([]);
  });

  test('zuul-ts computes what Ansible computes, except the deliberate differences', () => {
    const known = new Set([...deliberateDifferences().keys(), ...pendingDifferences]);
    const differing = entries.filter((e) => !sameResult(ansible.get(e.id)!, zuulTs.get(e.id)!));
    const unexpected = differing
      .filter((e) => !known.has(e.id))
      .map(
        (e) =>
          `${e.id}: ${JSON.stringify(e.value)}\n  ansible: ${show(ansible.get(e.id)!)}\n  zuul-ts: ${show(zuulTs.get(e.id)!)}`,
      );
    const identical = entries.length - differing.length;
    process.stdout.write(
      `differential: ${entries.length} entries, ${identical} identical, ` +
        `${deliberateDifferences().size} deliberate, ${pendingDifferences.length} pending\n`,
    );
    // ZTS_DIFFERENTIAL_DUMP=file writes every difference (listed or not) for inspection.
    if (process.env.ZTS_DIFFERENTIAL_DUMP)
      writeFileSync(
        process.env.ZTS_DIFFERENTIAL_DUMP,
        differing
          .map(
            (e) =>
              `${e.id}: ${JSON.stringify(e.value)}\n  ansible: ${show(ansible.get(e.id)!)}\n  zuul-ts: ${show(zuulTs.get(e.id)!)}\n`,
          )
          .join(''),
      );
    expect(unexpected).toEqual([]);
  });

  test('each listed difference still differs', () => {
    const listed = [...deliberateDifferences().keys(), ...pendingDifferences];
    const ids = new Set(entries.map((e) => e.id));
    expect(listed.filter((id) => !ids.has(id))).toEqual([]);
    const nowSame = listed.filter((id) => sameResult(ansible.get(id)!, zuulTs.get(id)!));
    expect(nowSame).toEqual([]);
  });
});
