import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import {
  createRoleContext,
  type RecordingRoleContext,
  type RoleDefinition,
  type Vars,
} from '@zuul-ts/job-composer';
import { RegistryClient, StaticCredentialStore } from '@zuul-ts/registry';
import type { RegistryServer } from '@zuul-ts/testing';

/** A client for one test registry (its CA, its credentials, nothing from ~/.docker). */
export function adminClient(r: RegistryServer): RegistryClient {
  return new RegistryClient({
    credentials: new StaticCredentialStore(
      r.username ? [{ registry: r.host, username: r.username, password: r.password }] : [],
    ),
    ca: r.ca ? { [r.host]: r.ca } : {},
  });
}

/** The registry variable zuul-jobs passes (`buildset_registry` / `intermediate_registry`). */
export function registryVar(r: RegistryServer): Record<string, unknown> {
  return {
    host: '127.0.0.1',
    port: r.port,
    username: r.username,
    password: r.password,
    cert: r.ca,
  };
}

export async function runRole(
  role: RoleDefinition,
  vars: Vars,
  dryRun = false,
): Promise<RecordingRoleContext> {
  const ctx = createRoleContext({ roleName: role.name, vars, dryRun, onLog: () => undefined });
  await role.run(ctx);
  return ctx;
}

let n = 0;
/** A repository path unique to this test run. */
export function uniqueName(prefix: string): string {
  return `${prefix}${process.pid}x${++n}`;
}

export async function tagsOf(client: RegistryClient, repo: string): Promise<string[]> {
  try {
    return (await client.listTags(repo)).sort();
  } catch {
    return [];
  }
}

/** Every file under `dir` with its bytes: to prove a role wrote nothing there. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const p = join(e.parentPath, e.name);
    out[relative(dir, p)] = readFileSync(p).toString('base64');
  }
  return out;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
