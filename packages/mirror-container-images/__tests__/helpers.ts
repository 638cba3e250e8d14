import { readdirSync } from 'node:fs';
import { createRoleContext } from '@zuul-ts/role-kit';
import { validateRoleVars } from '@zuul-ts/job-composer/roles';
import type { RecordingRoleContext, RoleOutcome, Vars } from '@zuul-ts/role-kit';
import { mirrorContainerImagesRole as role } from '../src';

let seq = 0;
/** A repository path unique to this test process. */
export const uniq = (p: string) => `org/${p}-${process.pid}-${++seq}`;

/** Every file below a registry's storage folder: compared before and after a refused run. */
export function storageFiles(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).sort();
}

/**
 * Runs the mirror role as the runner does (input schema and rules first); resolves with the
 * error (if any), the outcome and the context.
 */
export async function runMirror(
  vars: Vars,
): Promise<{ ctx: RecordingRoleContext; error?: Error; outcome?: RoleOutcome }> {
  const ctx = createRoleContext({ roleName: role.name, vars, onLog: () => {} });
  try {
    validateRoleVars(role, vars);
    return { ctx, outcome: await role.run(ctx) };
  } catch (error) {
    return { ctx, error: error as Error };
  }
}
