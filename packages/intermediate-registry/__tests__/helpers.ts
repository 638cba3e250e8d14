import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import {
  createRoleContext,
  type RecordingRoleContext,
  type RoleDefinition,
  type Vars,
} from '@zuul-ts/role-kit';
import {
  RegistryClient,
  StaticCredentialStore,
  freePort,
  stopLocalRegistry,
} from '@zuul-ts/registry';
import {
  pushTestImage,
  startRegistry,
  type RegistryServer,
  type TestImage,
} from '@zuul-ts/testing';
import { roles, type BuildsetRegistryVar } from '../src';

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

const made: string[] = [];
// Every suite that uses tempDir leaves nothing in /tmp.
afterAll(() => {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
});

export function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}

export interface RegistryPair {
  bsr: RegistryServer;
  ir: RegistryServer;
  bsrClient: RegistryClient;
  irClient: RegistryClient;
}

/** A TLS + htpasswd buildset registry and intermediate registry for this suite. */
export function useRegistryPair(): RegistryPair {
  const pair = {} as RegistryPair;
  beforeAll(async () => {
    [pair.bsr, pair.ir] = await Promise.all([
      startRegistry({ flavour: 'tls-auth' }),
      startRegistry({ flavour: 'tls-auth' }),
    ]);
    pair.bsrClient = adminClient(pair.bsr);
    pair.irClient = adminClient(pair.ir);
  });
  afterAll(async () => {
    await Promise.all([pair.bsr?.stop(), pair.ir?.stop()]);
  });
  return pair;
}

/**
 * A node's ansible_user_dir for the run-buildset-registry suites (temp dir named `prefix…`);
 * after the suite the buildset registry the roles started under it (`root`) is stopped and its
 * root removed.
 */
export function useNodeDir(prefix: string): { userDir: string; root: string } {
  // Not a tempDir: jest runs afterAll hooks in the order they were declared, so tempDir's
  // removal would delete the registry's pid file first and leave the registry running.
  const userDir = mkdtempSync(join(tmpdir(), prefix));
  const root = join(userDir, 'buildset_registry');
  afterAll(async () => {
    await stopLocalRegistry(root, { removeDir: true });
    rmSync(userDir, { recursive: true, force: true });
  });
  return { userDir, root };
}

/** useNodeDir plus a suite-scoped TLS + htpasswd intermediate registry `ir`. */
export function useNodeWithIntermediate(prefix: string): { ir: RegistryServer; userDir: string } {
  const node = { userDir: useNodeDir(prefix).userDir } as { ir: RegistryServer; userDir: string };
  beforeAll(async () => {
    node.ir = await startRegistry({ flavour: 'tls-auth' });
  });
  afterAll(async () => {
    await node.ir?.stop();
  });
  return node;
}

/**
 * Scenario 23's starting point: an image that exists only as an earlier build's artifact in
 * `ir`, brought into a buildset registry started by run-buildset-registry (root under
 * `userDir`, node host `ansibleHost`) by pull-from-intermediate-registry.
 */
export async function speculativeImage(
  ir: RegistryServer,
  userDir: string,
  ansibleHost: string,
): Promise<{ repository: string; image: TestImage; bsr: BuildsetRegistryVar }> {
  const role = (name: string) => roles.find((r) => r.name === name)!;
  const repository = `quay.io/opendevorg/${uniqueName('imagedoesnotexist')}`;
  const image = await pushTestImage(adminClient(ir), `${ir.host}/${repository}:b0_latest`);
  const started = await runRole(role('run-buildset-registry'), {
    ansible_user_dir: userDir,
    ansible_host: ansibleHost,
    buildset_registry_port: await freePort(),
  });
  const bsr = (started.returned[0].secret_data as { buildset_registry: BuildsetRegistryVar })
    .buildset_registry;
  await runRole(role('pull-from-intermediate-registry'), {
    buildset_registry: bsr,
    intermediate_registry: registryVar(ir),
    zuul: {
      artifacts: [
        {
          name: `${repository}:latest`,
          url: `docker://127.0.0.1:${ir.port}/${repository}:b0_latest`,
          metadata: { type: 'container_image', repository, tag: 'latest' },
        },
      ],
    },
  });
  return { repository, image, bsr };
}
