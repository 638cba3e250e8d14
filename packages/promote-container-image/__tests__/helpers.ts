import { createRoleContext } from '@zuul-ts/role-kit';
import type { RecordingRoleContext, RoleDefinition, Vars } from '@zuul-ts/role-kit';
import { changeZuul, memoryTagStore, startFakeDockerHub } from '@zuul-ts/testing';
import type { FakeDockerHub, MemoryTagStore } from '@zuul-ts/testing';

let seq = 0;
/** A repository name unique to this test process. */
export function uniqueRepo(prefix: string): string {
  return `org/${prefix}-${process.pid}-${++seq}`;
}

/** The Zuul dict of (change 12345, gate), overridable. */
export function zuulVars(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return changeZuul({ build: 'b0c1d2', ...extra });
}

export async function runRole(
  role: RoleDefinition,
  vars: Vars,
  options: { dryRun?: boolean } = {},
): Promise<{ ctx: RecordingRoleContext; outcome: Awaited<ReturnType<RoleDefinition['run']>> }> {
  const ctx = createRoleContext({ roleName: role.name, vars, onLog: () => {}, ...options });
  const outcome = await role.run(ctx);
  return { ctx, outcome };
}

/** Runs a role expecting failure; resolves to the error and the context. */
export async function runRoleFailing(
  role: RoleDefinition,
  vars: Vars,
): Promise<{ ctx: RecordingRoleContext; error: Error }> {
  const ctx = createRoleContext({ roleName: role.name, vars, onLog: () => {} });
  const error = await role.run(ctx).then(
    () => {
      throw new Error('role unexpectedly succeeded');
    },
    (e: Error) => e,
  );
  return { ctx, error };
}

export const hoursAgo = (h: number) => new Date(Date.now() - h * 3600 * 1000).toISOString();

/** The suite-scoped registry + client fixture, shared through @zuul-ts/testing. */
export { useRegistry } from '@zuul-ts/testing';

/**
 * A suite-scoped local Docker Hub API accepting `username`/`password`, over an in-memory tag
 * store the tests fill: started in beforeAll, stopped in afterAll.
 */
export function useFakeDockerHub(
  username: string,
  password: string,
): { hub: FakeDockerHub; store: MemoryTagStore } {
  const env = {} as { hub: FakeDockerHub; store: MemoryTagStore };
  beforeAll(async () => {
    env.store = memoryTagStore();
    env.hub = await startFakeDockerHub({ username, password, store: env.store });
  });
  afterAll(() => env.hub.stop());
  return env;
}
