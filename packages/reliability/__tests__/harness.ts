import { type Vars } from '@zuul-ts/role-kit';
import { runRole } from '@zuul-ts/job-composer';
import {
  registryClientFor,
  startFaultProxy,
  startRegistry,
  type FaultProxy,
  type RegistryServer,
} from '@zuul-ts/testing';
import type { RegistryClient } from '@zuul-ts/registry';
import { randomBytes } from 'node:crypto';
import { SecretScanner, Summary } from '../src';

/**
 * One scanner and one summary per test file: every role run goes through `run`, which hands
 * its events and error to the scanner; afterAll asserts zero secret hits and writes the figures.
 */
export function useSuite(file: string): { scanner: SecretScanner; summary: Summary } {
  const scanner = new SecretScanner();
  const summary = new Summary(file);
  afterAll(() => {
    const hits = scanner.scan();
    summary.record({
      section: 'Secrets',
      case: `secret scan of every captured output (${file})`,
      cases: scanner.capturedCount,
      secretHits: hits.length,
      note: `${scanner.secretCount} secret forms checked`,
    });
    summary.write();
    expect(hits).toEqual([]);
  });
  return { scanner, summary };
}

export interface RoleRun {
  ok: boolean;
  error?: Error;
  /** Every event, serialised as `--json` would print it. */
  events: string[];
  returned: unknown[];
}

/** Runs a role through the job-composer library API (what `zuul-ts role NAME` does). */
export async function run(
  scanner: SecretScanner,
  role: string,
  vars: Vars,
  opts: { secrets?: string[]; resultFile?: string } = {},
): Promise<RoleRun> {
  let result;
  try {
    result = await runRole({ role, vars, secrets: opts.secrets, resultFile: opts.resultFile });
  } catch (e) {
    // Configuration problems reject before any work.
    scanner.capture(`${role} rejection`, e);
    return { ok: false, error: e as Error, events: [], returned: [] };
  }
  const events = (result.events ?? []).map((e) => JSON.stringify(e));
  scanner.capture(`${role} events`, events.join('\n'));
  if (result.error) scanner.capture(`${role} error`, result.error);
  scanner.capture(`${role} returned`, result.returned);
  return { ok: result.ok, error: result.error, events, returned: result.returned };
}

let seq = 0;
/** A repository path unique to this process. */
export const uniq = (p: string) =>
  `org/${p}-${process.pid}-${++seq}-${randomBytes(2).toString('hex')}`;

/** The zuul dict of (change 12345, gate), as the promote tests use it. */
export { zuulVars } from '../../promote-container-image/__tests__/helpers';

export interface ProxiedRegistry {
  registry: RegistryServer;
  proxy: FaultProxy;
  /** A client straight to the registry (no faults): to verify outcomes. */
  direct: RegistryClient;
}

/** A real plain registry behind a fault proxy, for the whole test file. */
export function useProxiedRegistry(seed = 8): ProxiedRegistry {
  const env = {} as ProxiedRegistry;
  beforeAll(async () => {
    env.registry = await startRegistry({ flavour: 'plain' });
    env.proxy = await startFaultProxy({ target: env.registry.url, seed });
    env.direct = registryClientFor(env.registry);
  });
  afterAll(async () => {
    env.direct?.close();
    await env.proxy?.stop();
    await env.registry?.stop();
  });
  return env;
}

/** A recent `created` so leaked-tag cleanup leaves fixtures alone. */
export const recent = () => new Date(Date.now() - 3600 * 1000).toISOString();
