import { Emitter, Redactor, type EventSink } from '../events';
import type { OperationRecord, Vars, ZuulReturnPayload } from '@zuul-ts/role-kit';
import { DEFAULT_ROLES_DIR } from '../roles';
import type { InventoryView } from '../vars/hosts';
import type { Playbook } from './model';
import { checkPlaybook, preflight, runPlaybookFile } from './runner';
import type { RoleRunRecord, RunContext } from './state';

export interface ExecuteOptions {
  playbooks: Playbook[];
  inventory: InventoryView;
  extraVars?: Vars;
  zuul?: Vars;
  dryRun?: boolean;
  sink: EventSink;
  redactor: Redactor;
  rolesDir?: string;
  signal?: AbortSignal;
  /** Merges one zuul_return payload (results file). Called one at a time, in order. */
  zuulReturn?: (payload: ZuulReturnPayload, path?: string) => Promise<void>;
  /** Check every role's variables before the first playbook runs (default true). */
  prevalidate?: boolean;
  /** Stop after the first failed playbook (Zuul stops a phase at its first failure). */
  stopOnFailure?: boolean;
  /** `nodes.unreachable` of the job dir: hosts that could not be reached are appended. */
  unreachableFile?: string;
}

export interface ExecuteResult {
  ok: boolean;
  /** The first failure (redacted), when `ok` is false. */
  error?: Error;
  /** Playbooks that ran, with their status. */
  playbooks: { file: string; ok: boolean }[];
  roles: RoleRunRecord[];
  /** Every engine/registry operation in order: the dry-run plan, or what the real run did. */
  plan: OperationRecord[];
  /** zuul_return payloads (redacted), in order. */
  returned: ZuulReturnPayload[];
}

/** The run context shared by every playbook of one `executePlaybooks` call. */
function createRunContext(
  opts: ExecuteOptions,
  zuulReturn: RunContext['zuulReturn'] = async () => undefined,
): RunContext {
  return {
    inventory: opts.inventory,
    extraVars: opts.extraVars ?? {},
    zuul: opts.zuul,
    dryRun: opts.dryRun ?? false,
    // Every event is redacted before any sink sees it (library sinks included).
    emitter: new Emitter({ emit: (e) => opts.sink.emit(opts.redactor.redactValue(e)) }),
    redactor: opts.redactor,
    rolesDir: opts.rolesDir ?? DEFAULT_ROLES_DIR,
    signal: opts.signal ?? new AbortController().signal,
    roles: [],
    plan: [],
    zuulReturn,
    unreachableFile: opts.unreachableFile,
  };
}

/**
 * Checks every role these playbooks will run against its schema, before any of them runs
 * (see checkPlaybook); rejects with the failure naming the variable path. Runs nothing and
 * emits nothing.
 */
export async function prevalidatePlaybooks(opts: Omit<ExecuteOptions, 'sink'>): Promise<void> {
  const run = createRunContext({ ...opts, sink: { emit: () => undefined } });
  for (const pb of opts.playbooks) await checkPlaybook(run, pb);
}

/**
 * Runs playbooks with one run context. Validation happens first for ALL playbooks (unsupported
 * keys, unknown roles, then every role's variables against its schema), so a bad playbook or
 * bad role input fails before anything is built, pushed or deleted.
 */
export async function executePlaybooks(opts: ExecuteOptions): Promise<ExecuteResult> {
  opts.playbooks.forEach(preflight);
  const returned: ZuulReturnPayload[] = [];
  let chain = Promise.resolve();
  const run = createRunContext(opts, (payload, path) => {
    returned.push(payload);
    // Serialised: hosts of a play return concurrently, the file is merged one call at a time.
    const next = chain.then(() => opts.zuulReturn?.(payload, path));
    chain = next.catch(() => undefined);
    return next;
  });
  const result: ExecuteResult = {
    ok: true,
    playbooks: [],
    roles: run.roles,
    plan: run.plan,
    returned,
  };
  if (opts.prevalidate !== false) {
    try {
      await prevalidatePlaybooks(opts);
    } catch (err) {
      // Resolves like a failed role (exit 2 through the InputError), with nothing run.
      result.ok = false;
      result.error = opts.redactor.redactError(err as Error);
      return result;
    }
  }
  for (const pb of opts.playbooks) {
    try {
      await runPlaybookFile(run, pb);
      result.playbooks.push({ file: pb.file, ok: true });
    } catch (err) {
      result.playbooks.push({ file: pb.file, ok: false });
      if (result.ok)
        result.error = opts.redactor.redactError(
          err instanceof Error ? err : new Error(String(err)),
        );
      result.ok = false;
      if (opts.stopOnFailure !== false) break;
    }
  }
  await chain;
  result.returned = opts.redactor.redactValue(returned);
  return result;
}
