import type { RoleContext, Vars, ZuulReturnPayload } from '@zuul-ts/role-kit';
import { resolveRole, roleDefaults, roleVarsFile, validateRoleVars } from '../roles';
import type { VarScope } from '../vars/scope';
import type { Task } from './model';
import { checkRoleOnHost } from './check';
import { raceAbort } from './deadline';
import { scopeFor } from './scope-for';
import type { HostState, PlayState, RoleCall, RunContext, TaskFrame } from './state';

/**
 * Renders every visible variable for a role. A variable that cannot render (undefined parts)
 * becomes a non-enumerable getter that throws when read: Ansible is lazy, so a broken variable
 * the role never reads must not fail it (nor a `{...vars}` spread or JSON dump, which skip it,
 * as Zuul's freeze omits such names, 2.5), while one it does read fails naming the variable.
 */
export function renderAllVars(scope: VarScope): Vars {
  const out: Vars = {};
  for (const name of scope.names()) {
    // rendered per access by roles that need them; avoids N² work
    if (name === 'hostvars' || name === 'vars') continue;
    try {
      out[name] = scope.get(name);
    } catch (err) {
      Object.defineProperty(out, name, {
        enumerable: false,
        get() {
          throw err;
        },
      });
    }
  }
  return out;
}

/** The frame a role's variables are computed in: its defaults, vars file and params (2.1). */
export function roleFrame(
  run: RunContext,
  outer: TaskFrame,
  roleName: string,
  params: Vars,
): TaskFrame {
  return {
    ...outer,
    role: {
      name: roleName,
      defaults: roleDefaults(roleName, run.rolesDir),
      vars: roleVarsFile(roleName, run.rolesDir),
      params,
    },
  };
}

/**
 * An include_role task's call: its `vars:` are task vars (2.1); the loop variable stays
 * visible to the role.
 */
export function includeRoleCall(
  task: Task & { action: 'include_role' },
  role: string,
  loop: Vars | undefined,
): RoleCall {
  return { role, params: {}, taskVars: { ...task.roleVars, ...(loop ?? {}) }, origin: task.origin };
}

/** Every variable the role will see, rendered (see renderAllVars), in the role's frame. */
export function roleVarsFor(
  run: RunContext,
  play: PlayState,
  host: HostState,
  outer: TaskFrame,
  call: RoleCall,
): Vars {
  const frame = roleFrame(run, outer, call.role, call.params);
  return renderAllVars(scopeFor(run, play, host, frame, call.taskVars));
}

/** Runs one role on one host: defaults, vars, validation, context wiring, events. */
export async function runRoleOnHost(
  run: RunContext,
  play: PlayState,
  host: HostState,
  outer: TaskFrame,
  call: RoleCall,
): Promise<void> {
  if (run.check) return checkRoleOnHost(run, play, host, outer, call);
  const { role: roleName, origin } = call;
  const def = resolveRole(roleName);
  const where = { file: origin.file, line: origin.line };
  await run.emitter.span(
    'role',
    roleName,
    host.name,
    async () => {
      const vars = roleVarsFor(run, play, host, outer, call);
      // Validated BEFORE the role runs: bad input pushes, tags and deletes nothing.
      const warnings = validateRoleVars(def, vars);
      for (const w of warnings) run.emitter.log('warn', `${roleName}: ${w}`, host.name);
      const pending: Promise<void>[] = [];
      // The role context (and the registry client behind it) loads when a role first runs: a
      // playbook without roles does not pay for node:http, https and crypto.
      const { createRoleContext } =
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        require('@zuul-ts/role-kit') as typeof import('@zuul-ts/role-kit');
      const base = createRoleContext({
        roleName,
        vars,
        inputs: vars,
        host: { name: host.name, vars },
        playHosts: [...play.active],
        dryRun: run.dryRun,
        signal: run.signal,
        onLog: (level, message, detail) => run.emitter.log(level, message, host.name, detail),
        onZuulReturn: (payload: ZuulReturnPayload) => {
          run.redactor.addSecretTree(payload.secret_data);
          pending.push(run.zuulReturn(payload));
        },
        onSecret: (value) => run.redactor.add(value),
      });
      // Operations running right now: a timeout or abort names them (a slow
      // registry under a job timeout must say which request was cut off).
      const inFlight = new Set<string>();
      const ctx: RoleContext = {
        ...base,
        operation: (op, fn, dryRunValue) => {
          // An engine operation runs on the host's own engine: the plan says which node.
          run.plan.push(op.kind.startsWith('engine.') ? { ...op, node: host.name } : op);
          const detail = { target: op.target, ...(op.detail ? { detail: op.detail } : {}) };
          if (run.dryRun) {
            run.emitter.event({
              kind: 'operation',
              phase: 'plan',
              name: op.kind,
              host: host.name,
              detail,
            });
            return base.operation(op, fn, dryRunValue);
          }
          const label = `${op.kind} ${op.target}`;
          inFlight.add(label);
          return run.emitter
            .span(
              'operation',
              op.kind,
              host.name,
              () => base.operation(op, fn, dryRunValue),
              detail,
            )
            .finally(() => inFlight.delete(label));
        },
      };
      try {
        const outcome = await raceAbort(run.signal, () => def.run(ctx)).catch((err: unknown) => {
          if (!run.signal.aborted || inFlight.size === 0 || !(err instanceof Error)) throw err;
          throw new Error(`${err.message}, during ${[...inFlight].join(', ')}`, { cause: err });
        });
        run.roles.push({
          role: roleName,
          host: host.name,
          summary: outcome.summary,
          result: outcome.result,
          operations: base.operations,
          warnings,
        });
        if (outcome.summary) run.emitter.log('info', `${roleName}: ${outcome.summary}`, host.name);
      } finally {
        await Promise.all(pending);
      }
    },
    where,
  );
}
