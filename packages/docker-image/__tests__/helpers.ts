import { readdirSync } from 'node:fs';
import { createRoleContext } from '@zuul-ts/job-composer';
import type {
  RecordingRoleContext,
  RoleDefinition,
  RoleHost,
  RoleOutcome,
  Vars,
} from '@zuul-ts/job-composer';

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
