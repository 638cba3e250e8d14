import { runJob } from '@zuul-ts/job-composer';
import { pushTestImage } from '@zuul-ts/testing';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recent, uniq, useProxiedRegistry, useSuite } from './harness';

jest.setTimeout(120000);

// Issue 8 "Faults", slow registry, through run-job: the Zuul job's own `timeout` ends the run
// as TIMED_OUT with a message naming the timeout, the role and the operation in flight.
const { scanner, summary } = useSuite('job-timeout');
const env = useProxiedRegistry(12);
const PASSWORD = 'timeout-pw-0c9d2e';
beforeAll(() => scanner.addCredential('zuul', PASSWORD, env.proxy.host));

/** A project with one job running promote-container-image with the given Zuul `timeout`. */
async function runSlowJob(repo: string, timeout: number) {
  const dir = mkdtempSync(join(tmpdir(), 'zuul-ts-rel-timeout-'));
  try {
    mkdirSync(join(dir, 'playbooks'));
    writeFileSync(
      join(dir, 'playbooks', 'promote.yaml'),
      '- hosts: localhost\n  roles:\n    - promote-container-image\n',
    );
    writeFileSync(
      join(dir, 'zuul.yaml'),
      [
        '- job:',
        '    name: rel-slow-promote',
        `    timeout: ${timeout}`,
        '    run: playbooks/promote.yaml',
        '    vars:',
        '      container_images:',
        `        - repository: ${env.proxy.host}/${repo}`,
        `          registry: ${env.proxy.host}`,
        '          tags: [latest]',
      ].join('\n') + '\n',
    );
    const res = await runJob({
      job: 'rel-slow-promote',
      projectDir: dir,
      project: 'org/app',
      pipeline: 'gate',
      change: '12345',
      patchset: '3',
      extraVars: {
        container_registry_credentials: {
          [env.proxy.host]: { username: 'zuul', password: PASSWORD },
        },
      },
    });
    scanner.capture('timeout events', (res.events ?? []).map((e) => JSON.stringify(e)).join('\n'));
    scanner.capture('timeout error', res.error);
    scanner.captureFiles('timeout job dir', res.jobDir);
    return res;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('slow registry (2 s per request): the Zuul job timeout applies; nothing is promoted', async () => {
  const repo = uniq('slow');
  const ref = `${env.registry.host}/${repo}`;
  const img = await pushTestImage(env.direct, `${ref}:change_12345_latest`, { created: recent() });
  env.proxy.reset();
  env.proxy.setFaults([{ fault: { type: 'delay', ms: 2000 } }]);
  const res = await runSlowJob(repo, 3);
  const faults = env.proxy.stats().faults.total;
  env.proxy.setFaults([]);
  expect(res.result).toBe('TIMED_OUT');
  const msg = res.error?.message ?? '';
  expect(msg).toContain('timed out after 3 s');
  expect(msg).toContain('promote-container-image');
  expect(await env.direct.headManifest(`${ref}:latest`)).toBeUndefined();
  expect((await env.direct.headManifest(`${ref}:change_12345_latest`))?.digest).toBe(img.digest);
  summary.record({
    section: 'Faults',
    case: 'slow registry (2 s/request) under a Zuul job timeout of 3 s (run-job)',
    cases: 1,
    faultsInjected: faults,
    jobsFailedCleanly: 1,
    tagsLost: 0,
    note: msg.replace(/\/tmp\/[^\s:]+\//g, '…/').slice(0, 160),
  });
});

test('a write held past the job timeout: the message names the operation in flight', async () => {
  const repo = uniq('held');
  const ref = `${env.registry.host}/${repo}`;
  const img = await pushTestImage(env.direct, `${ref}:change_12345_latest`, { created: recent() });
  env.proxy.reset();
  // Reads are fast; the retag's manifest PUT is held far beyond the 4 s job timeout.
  env.proxy.setFaults([{ method: 'PUT', kind: 'manifest', fault: { type: 'delay', ms: 60000 } }]);
  const res = await runSlowJob(repo, 4);
  env.proxy.setFaults([]);
  expect(res.result).toBe('TIMED_OUT');
  const msg = res.error?.message ?? '';
  expect(msg).toContain('timed out after 4 s');
  expect(msg).toContain(`registry.retag ${env.proxy.host}/${repo}:latest`);
  expect((await env.direct.headManifest(`${ref}:change_12345_latest`))?.digest).toBe(img.digest);
  summary.record({
    section: 'Faults',
    case: 'manifest PUT held past a Zuul job timeout of 4 s (run-job)',
    cases: 1,
    faultsInjected: 1,
    jobsFailedCleanly: 1,
    tagsLost: 0,
    note: msg.replace(/\/tmp\/[^\s:]+\//g, '…/').slice(0, 160),
  });
});
