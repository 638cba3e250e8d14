import { readdirSync } from 'node:fs';
import { ContainerEngine } from '@zuul-ts/engine';
import { createRoleContext } from '@zuul-ts/role-kit';
import type {
  RecordingRoleContext,
  RoleDefinition,
  RoleHost,
  RoleOutcome,
  Vars,
} from '@zuul-ts/role-kit';

/** Runs a role as the runner does (checkInputs, then run); resolves with error or outcome. */
export async function runRole(
  role: RoleDefinition,
  vars: Vars,
  host?: RoleHost,
): Promise<{ ctx: RecordingRoleContext; error?: Error; outcome?: RoleOutcome }> {
  const ctx = createRoleContext({ roleName: role.name, vars, host, onLog: () => {} });
  try {
    role.checkInputs?.(vars);
    return { ctx, outcome: await role.run(ctx) };
  } catch (error) {
    return { ctx, error: error as Error };
  }
}

/** Every file below a registry's storage folder: compared before and after a refused run. */
export function storageFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).sort();
}

/**
 * The private dockerd for a suite, and the local image names its tests create (`track`): each
 * removed in afterAll (parent layers kept: they are build cache shared with parallel suites).
 * A name ending in `:` tracks every tag of that repository.
 */
export function useDocker(): { engine: ContainerEngine; track: (...refs: string[]) => void } {
  const env = { refs: [] as string[] } as { engine: ContainerEngine; refs: string[] };
  beforeAll(async () => {
    env.engine = await ContainerEngine.connect({ kind: 'docker' });
  });
  afterAll(async () => {
    const tags = (await env.engine.docker.listImages()).flatMap((i) => i.RepoTags ?? []);
    const mine = tags.filter((t) =>
      env.refs.some((r) => (r.endsWith(':') ? t.startsWith(r) : t === r)),
    );
    for (const ref of mine)
      await env.engine.remove(ref, { force: true, noprune: true }).catch(() => undefined);
  });
  return {
    get engine() {
      return env.engine;
    },
    track: (...refs: string[]) => env.refs.push(...refs),
  };
}
