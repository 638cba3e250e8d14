import { loadYaml11 } from '@zuul-ts/templating';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { Vars } from '@zuul-ts/role-kit';
import { isKnownRole, resolveRole } from '../roles';
import { matchHosts } from '../vars/hosts';
import { CheckStop, orLater } from './check';
import { PlaybookError, TaskFailure } from './errors';
import type { Play, Playbook, Task } from './model';
import { runRoleOnHost } from './role-run';
import { scopeFor } from './scope-for';
import type { HostState, PlayState, RunContext, TaskFrame } from './state';
import { runTasks } from './tasks';
import { recordUnreachable, unreachableHost } from './unreachable';

/**
 * Checks a loaded playbook before any work: every literal role name must resolve (built-in
 * packages are loaded here, so a missing package fails before anything runs).
 */
export function preflight(playbook: Playbook): void {
  const check = (role: string, origin: { file: string; line: number }) => {
    if (role.includes('{{')) return;
    if (!isKnownRole(role)) throw new PlaybookError(origin, `unknown role '${role}'`);
    try {
      resolveRole(role);
    } catch (err) {
      throw new PlaybookError(origin, (err as Error).message);
    }
  };
  const walk = (tasks: Task[]) => {
    for (const t of tasks) {
      if (t.action === 'include_role') check(t.role, t.origin);
      if (t.action === 'block') [t.block, t.rescue, t.always].forEach(walk);
    }
  };
  for (const play of playbook.plays) {
    play.roles.forEach((r) => check(r.role, r.origin));
    [play.preTasks, play.tasks, play.postTasks].forEach(walk);
  }
}

/**
 * Checks every role a playbook will run against the role's schema (and its `checkInputs`)
 * BEFORE anything runs, so bad input of a late role (the upload in a build-then-upload job) is
 * found before the build (zuul-jobs found it only when that role started). It is the run's own
 * walk in check mode, so both reach the same tasks and roles: `roles:` entries and
 * `include_role` tasks (with their `when`/`loop`), on every host of the play, with the
 * variables the run will give them. A `set_fact` or `include_vars` may change what later roles
 * see, so checking stops there for that host; `rescue` sections (run only after a failure) and
 * anything that does not render yet are left to run time. Throws a TaskFailure worded like the
 * role's run-time failure, with the role's InputError (naming the variable path) as its cause.
 */
export function checkPlaybook(run: RunContext, playbook: Playbook): Promise<void> {
  return runPlaybookFile({ ...run, check: true }, playbook);
}

/**
 * Runs one playbook like `ansible-playbook` (linear strategy): each play's hosts run every
 * task concurrently, a failing host leaves the play, and the playbook fails if any host failed.
 * In check mode hosts are walked one at a time and the first bad input ends the walk.
 */
export async function runPlaybookFile(run: RunContext, playbook: Playbook): Promise<void> {
  const hosts = new Map<string, HostState>();
  const state = (name: string) => {
    let h = hosts.get(name);
    if (!h) hosts.set(name, (h = { name, facts: {}, includeVars: {} }));
    return h;
  };
  const failures: unknown[] = [];
  const stopped = new Set<string>(); // check mode: hosts past a set_fact or include_vars
  const walk = async () => {
    for (const play of playbook.plays) {
      const matched = matchHosts(play.hosts, run.inventory);
      const active = matched.filter(
        (h) => !failures.some((f) => (f as { host?: string }).host === h),
      );
      const playState: PlayState = {
        file: playbook.file,
        dir: dirname(playbook.file),
        vars: play.vars,
        varsFiles: new Map(),
        active,
        all: matched,
        hosts,
        roleNames: play.roles.map((r) => r.role),
      };
      if (run.check) {
        for (const name of active.filter((h) => !stopped.has(h))) {
          await runPlayOnHost(run, play, playState, state(name)).catch((err: unknown) => {
            if (!(err instanceof CheckStop)) throw err;
            stopped.add(name);
          });
        }
        continue;
      }
      active.forEach(state);
      const label = play.name ?? `hosts: ${play.hosts}`;
      const playFailures: unknown[] = [];
      await run.emitter
        .span('play', label, undefined, async () => {
          // `hosts: all` with no nodes matches nothing: the play is skipped, rc 0.
          await Promise.all(
            active.map(async (name) => {
              try {
                await runPlayOnHost(run, play, playState, state(name));
              } catch (err) {
                playState.active = playState.active.filter((h) => h !== name);
                // Ansible's UNREACHABLE: listed for the executor, which retries the job.
                if (unreachableHost(err)) recordUnreachable(run.unreachableFile, name);
                playFailures.push(Object.assign(err as object, { host: name }));
              }
            }),
          );
          // The play's end event says failed when a host failed; later plays still run.
          if (playFailures.length) throw playFailures[0];
        })
        .catch(() => undefined);
      failures.push(...playFailures);
    }
    if (failures.length) throw failures[0];
  };
  if (run.check) return walk();
  await run.emitter.span('playbook', playbook.file, undefined, walk);
}

async function runPlayOnHost(
  run: RunContext,
  play: Play,
  ps: PlayState,
  host: HostState,
): Promise<void> {
  const frame: TaskFrame = { blockVars: [], conditions: [] };
  const varsFiles = () => loadVarsFiles(run, play, ps, host, frame);
  // In check mode a vars file that does not load yet is the run's to report.
  ps.varsFiles.set(host.name, orLater(run, varsFiles, undefined) ?? stopCheck());
  await runTasks(run, ps, host, play.preTasks, frame);
  for (const entry of play.roles) {
    const scope = scopeFor(run, ps, host, frame);
    const where = `when of role ${entry.role} (${entry.origin.file}:${entry.origin.line})`;
    if (entry.when && !orLater(run, () => scope.test(entry.when, where), false)) continue;
    try {
      await runRoleOnHost(run, ps, host, frame, entry);
    } catch (err) {
      if (run.check) throw err;
      // Like a task failure: the message says which roles entry (file:line) failed.
      throw new TaskFailure(entry.origin, `role ${entry.role}`, (err as Error).message, {
        cause: err,
      });
    }
  }
  await runTasks(run, ps, host, play.tasks, frame);
  await runTasks(run, ps, host, play.postTasks, frame);
}

function stopCheck(): never {
  throw new CheckStop();
}

export function loadVarsFiles(
  run: RunContext,
  play: Play,
  ps: PlayState,
  host: HostState,
  frame: TaskFrame,
): Vars[] {
  if (!play.varsFiles.length) return [];
  const scope = scopeFor(run, ps, host, frame);
  return play.varsFiles.map((entry) => {
    const file = String(
      scope.render(entry, `vars_files of ${play.origin.file}:${play.origin.line}`),
    );
    const path = isAbsolute(file) ? file : join(ps.dir, file);
    const doc = loadYaml11(readFileSync(path, 'utf8'));
    return (doc ?? {}) as Vars;
  });
}
