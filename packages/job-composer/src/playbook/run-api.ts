import { join } from 'node:path';
import { Redactor, memorySink, type EventSink } from '../events';
import type { Vars, ZuulReturnPayload } from '@zuul-ts/role-kit';
import { emptyInventory, type InventoryView } from '../vars/hosts';
import { loadInventoryFile } from '../vars/inventory-file';
import { ConfigurationError } from './errors';
import { executePlaybooks, type ExecuteResult } from './execute';
import type { Playbook } from './model';
import { loadPlaybook } from './parse';
import { registerKnownSecrets } from './redaction';
import { unreachableFileFor } from './unreachable';

/** Options shared by runPlaybook, runRole and runJob. */
export interface CommonRunOptions {
  /** Extra vars (`-e`); a `zuul` key becomes the zuul dict (top precedence). */
  extraVars?: Vars;
  /** Record every engine/registry operation without touching anything. */
  dryRun?: boolean;
  /** Where events go (default: kept in memory, returned as `events`). */
  sink?: EventSink;
  /** Extra secret values to redact (plaintext secrets, tokens). */
  secrets?: unknown[];
  /** A redactor to share with the caller's own output (created if absent). */
  redactor?: Redactor;
  /** The repository's `roles/` folder (role defaults); default: this checkout's. */
  rolesDir?: string;
  signal?: AbortSignal;
  /**
   * zuul_return file. Default: `zuul.executor.result_data_file`, else
   * `$ZUUL_JOBDIR/work/results.json` (what Zuul's zuul_return uses), else none.
   */
  resultFile?: string;
  /** Merges a payload into a results file; default: the results module's `mergeZuulReturn`. */
  mergeZuulReturn?: (file: string, payload: ZuulReturnPayload) => Promise<void> | void;
}

export interface RunPlaybookOptions extends CommonRunOptions {
  playbooks: (string | Playbook)[];
  /** Zuul's inventory.yaml (secrets read from `group_vars/all.yaml` beside it), or a view. */
  inventory?: string | InventoryView;
}

export interface RunResult extends ExecuteResult {
  /** Events when no sink was given. */
  events?: import('../events').RunEvent[];
  redactor: Redactor;
}

/** The results file a run writes zuul_return data to (see CommonRunOptions.resultFile). */
export function resultFileFor(opts: CommonRunOptions, zuul: Vars | undefined): string | undefined {
  if (opts.resultFile) return opts.resultFile;
  const executor = zuul?.executor as Vars | undefined;
  if (typeof executor?.result_data_file === 'string') return executor.result_data_file;
  if (process.env.ZUUL_JOBDIR) return join(process.env.ZUUL_JOBDIR, 'work', 'results.json');
  return undefined;
}

/** Splits `zuul` out of extra vars: it is its own, highest layer. */
export function splitZuul(extraVars: Vars | undefined): { extra: Vars; zuul?: Vars } {
  const { zuul, ...extra } = extraVars ?? {};
  return { extra, zuul: zuul && typeof zuul === 'object' ? (zuul as Vars) : undefined };
}

/**
 * Runs playbooks like Zuul's `ansible-playbook` call: Zuul's inventory, extra
 * vars, results file. Rejects (before any work) for unsupported playbook content or unknown
 * roles; resolves with `ok: false` when a task or role fails.
 */
export async function runPlaybook(opts: RunPlaybookOptions): Promise<RunResult> {
  const redactor = opts.redactor ?? new Redactor();
  const inventory = inventoryOf(opts.inventory);
  const { extra, zuul } = splitZuul(opts.extraVars);
  redactor.addSecretTree(inventory.secrets);
  for (const s of opts.secrets ?? []) redactor.add(s);
  registerKnownSecrets(redactor, extra, inventory.allVars, ...inventory.hosts.map((h) => h.vars));
  const playbooks = opts.playbooks.map((p) => (typeof p === 'string' ? loadPlaybook(p) : p));
  const mem = opts.sink ? undefined : memorySink();
  const file = resultFileFor(opts, zuul);
  const merge = opts.mergeZuulReturn ?? defaultMerge();
  const result = await executePlaybooks({
    playbooks,
    inventory,
    extraVars: extra,
    zuul,
    dryRun: opts.dryRun,
    sink: opts.sink ?? mem!,
    redactor,
    rolesDir: opts.rolesDir,
    signal: opts.signal,
    unreachableFile: unreachableFileFor(process.env.ZUUL_JOBDIR),
    zuulReturn: async (payload, path) => {
      const target = path ?? file;
      if (target) await merge(target, payload);
    },
  });
  return { ...result, events: mem?.events, redactor };
}

function inventoryOf(inv: RunPlaybookOptions['inventory']): InventoryView {
  if (typeof inv !== 'string') return inv ?? emptyInventory();
  try {
    return loadInventoryFile(inv);
  } catch (err) {
    throw new ConfigurationError(`inventory ${inv}: ${(err as Error).message}`, { cause: err });
  }
}

type Merge = (file: string, payload: ZuulReturnPayload) => Promise<void> | void;

/** The results module (merge rules), loaded on first zuul_return only. */
function defaultMerge(): Merge {
  return (file, payload) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const results = require('../results') as { mergeZuulReturn: Merge };
    return results.mergeZuulReturn(file, payload);
  };
}
