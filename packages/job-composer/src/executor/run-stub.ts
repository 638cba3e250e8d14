import { Redactor } from '../events';
import { ConfigurationError } from '../playbook/errors';
import type { Playbook } from '../playbook/model';
import { runPlaybook } from '../playbook/run-api';
import type { Vars } from '@zuul-ts/role-kit';
import { readInventory } from '../inventory';
import { emptyInventory, inventoryView, type InventoryView } from '../vars/hosts';
import { ConsoleLog } from './console-log';
import { failureOutputPatterns } from './failure-output';
import { jobLogPaths } from './job-log';
import { appendJsonPlaybook } from './output-json';
import { checkHosts, recordUnreachable } from './unreachable';
import { ZuulCallbacks } from './zuul-callbacks';

export interface StubRunOptions {
  playbook: Playbook;
  rolesDir: string;
  inventory?: string;
  extraVars: Vars;
  env: NodeJS.ProcessEnv;
  /** A line on stdout (the executor reads `RESULT` and `ERROR!` lines there). */
  say: (line: string) => void;
  signal?: AbortSignal;
  resultFile?: string;
  /** SSH connection timeout (seconds). */
  timeout: number;
}

/** Exit code, or a reason to hand the playbook to real Ansible after all. */
export type StubOutcome = number | { dispatch: string };

/**
 * Runs a playbook of our subset as ansible-playbook with Zuul's callbacks would: hosts are
 * checked first (an unreachable one stops the playbook before any task, exit 3 and
 * `nodes.unreachable`: Zuul retries such a build anyway), then the tasks run while
 * job-output.txt and job-output.json are written.
 */
export async function runStubPlaybook(o: StubRunOptions): Promise<StubOutcome> {
  let inventory: InventoryView;
  try {
    inventory = o.inventory ? loadZuulInventory(o.inventory) : emptyInventory();
  } catch (err) {
    o.say(
      `ERROR! Unable to parse ${o.inventory} as an inventory source: ${(err as Error).message}`,
    );
    return 1;
  }
  const reach = await checkHosts(o.playbook, inventory, o.timeout * 1000);
  if (reach.foreign) return { dispatch: reach.foreign };
  const logs = jobLogPaths(o.env);
  const max = Number(o.env.ZUUL_OUTPUT_MAX_BYTES);
  const console = new ConsoleLog(logs.text, max > 0 ? max : undefined);
  const callbacks = new ZuulCallbacks({
    console,
    result: (r) => o.say(`RESULT ${r}`),
    failureOutput: failureOutputPatterns(o.env.ZUUL_JOB_FAILURE_OUTPUT, o.say),
    header: jsonHeader(o.extraVars),
  });
  const writeJson = () => {
    const entry = callbacks.finish();
    if (logs.json) appendJsonPlaybook(logs.json, entry);
  };
  if (reach.unreachable.length) {
    const first = o.playbook.plays[0];
    callbacks.emit({
      kind: 'play',
      phase: 'start',
      name: first?.name ?? `hosts: ${first?.hosts}`,
      time: '',
    });
    for (const u of reach.unreachable) callbacks.unreachable(u.host, u.reason);
    recordUnreachable(
      o.env.ZUUL_JOBDIR,
      reach.unreachable.map((u) => u.host),
    );
    writeJson();
    return 3;
  }
  try {
    const result = await runPlaybook({
      playbooks: [o.playbook],
      inventory,
      extraVars: o.extraVars,
      sink: callbacks,
      redactor: new Redactor(),
      rolesDir: o.rolesDir,
      signal: o.signal,
      resultFile: o.resultFile,
    });
    writeJson();
    if (result.ok) return 0;
    // Failures before any task (bad role input is checked before anything runs): Ansible's
    // `ERROR!` line, which the executor copies into job-output.txt for exit code 2.
    if (!callbacks.failedTasks) o.say(`ERROR! ${result.error?.message ?? 'the playbook failed'}`);
    callbacks.failed();
    return 2;
  } catch (err) {
    if (err instanceof ConfigurationError) {
      o.say(`ERROR! ${err.message}`);
      return 1;
    }
    o.say(`ERROR! Unexpected Exception, this is probably a bug: ${(err as Error).message}`);
    return 250;
  }
}

/**
 * Zuul's inventory and the secrets beside it, `!unsafe` values kept unsafe: Zuul tags secrets
 * and `unsafe_vars` so Ansible never templates them, and neither may zuul-ts.
 */
function loadZuulInventory(path: string): InventoryView {
  const { inventory, secrets } = readInventory(path, { unsafe: 'wrap' });
  return inventoryView(inventory, secrets);
}

/** zuul_json's playbook header from the executor's `zuul_execution_*` extra vars. */
function jsonHeader(extra: Vars) {
  return {
    playbook: extra.zuul_execution_canonical_name_and_path,
    phase: extra.zuul_execution_phase,
    index: extra.zuul_execution_phase_index,
    trusted: extra.zuul_execution_trusted === 'True',
    branch: extra.zuul_execution_branch,
  };
}
