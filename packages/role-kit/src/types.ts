/**
 * The contract between the job composer (which computes variables and runs plays) and the
 * role packages (which implement zuul-jobs roles). Role packages import only these types and
 * the helpers in this folder; they never read inventories, templates or results files.
 */

export type Vars = Record<string, unknown>;

/** One engine or registry operation, as printed by `--dry-run` and emitted as a JSON event. */
export interface OperationRecord {
  /** e.g. `engine.build`, `engine.push`, `registry.retag`, `registry.copy`, `registry.delete-tag`, `registry.put-index`, `api.delete-tag` */
  kind: string;
  /** The main reference the operation acts on, e.g. `127.0.0.1:5000/org/app:change_12_latest`. */
  target: string;
  /** Extra, secret-free details (source reference, tags, platform, digest…). */
  detail?: Record<string, unknown>;
  /** For engine operations: the inventory host whose engine runs it (set by the runner). */
  node?: string;
}

export interface RoleLogger {
  /**
   * A concise progress line (stderr without --json; an event with --json, whose detail also
   * carries `detail`, e.g. the numbers of a transfer's progress).
   */
  info(message: string, detail?: Record<string, unknown>): void;
  warn(message: string): void;
}

/** The inventory host a role runs for. */
export interface RoleHost {
  name: string;
  /** The host's variables as Ansible would see them (hostvars[name]). */
  vars: Vars;
}

export interface ZuulReturnPayload {
  data?: Vars;
  secret_data?: Vars;
}

export interface RoleContext<I = Vars> {
  readonly roleName: string;
  /**
   * The role's variables after its input schema accepted them, typed by the schema: the role
   * reads these instead of re-checking `vars` (types, required keys and enums are guaranteed).
   */
  readonly inputs: I;
  /**
   * Every variable the role can see, fully rendered with Ansible precedence (role defaults,
   * inventory, play/task vars, extra vars…); `vars.zuul` is the zuul dict.
   */
  readonly vars: Vars;
  readonly host: RoleHost;
  /** Names of every host of the play, in inventory order (zuul-jobs uploads from the first only). */
  readonly playHosts: readonly string[];
  readonly dryRun: boolean;
  readonly log: RoleLogger;
  readonly signal: AbortSignal;
  /**
   * Runs one engine/registry operation and records it. In dry-run mode the operation is only
   * recorded and `dryRunValue` is returned. The dry-run plan and the real run's operation list
   * both come from this single place, so they can be compared.
   */
  operation<T>(op: OperationRecord, run: () => Promise<T>, dryRunValue?: T): Promise<T>;
  /** Same as Zuul's `zuul_return` module: merged into the job's result data file. */
  zuulReturn(payload: ZuulReturnPayload): void;
  /** Registers a value (password, token, auth header) to redact from every output. */
  addSecret(value: string): void;
}

export interface RoleOutcome {
  /** Human summary (one line). */
  summary?: string;
  /** Structured result (e.g. promoted tags with digests); printed with --json. */
  result?: unknown;
}

/**
 * An ajv JSON schema that carries, as a type only, the TypeScript type `I` of the variables it
 * accepts; `ctx.inputs` of a role defined with it has that type.
 */
export type InputSchema<I> = Record<string, unknown> & { readonly __inputs?: I };

export interface RoleDefinition<I = Vars> {
  /** The zuul-jobs role name, e.g. `build-container-image`. */
  name: string;
  /** ajv JSON schema of the variables the role reads (unknown keys are ignored). */
  schema: InputSchema<I>;
  /**
   * Optional input rules the schema cannot say (tag syntax, cross-field rules): pure, no I/O,
   * throws InputError naming the variable path. Called after the schema, with the rendered
   * variables, before ANY playbook of the job runs (where the runner can compute them ahead)
   * and again right before `run`.
   */
  checkInputs?(inputs: I): void;
  run(ctx: RoleContext<I>): Promise<RoleOutcome>;
}
