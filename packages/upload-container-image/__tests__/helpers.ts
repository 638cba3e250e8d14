import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { createRoleContext } from '@zuul-ts/role-kit';
import type { RecordingRoleContext, RoleOutcome, Vars } from '@zuul-ts/role-kit';
import { ContainerEngine } from '@zuul-ts/engine';
import type { RegistryClient } from '@zuul-ts/registry';
import {
  changeZuul,
  nonceImageContext,
  registryClientFor,
  startFaultProxy,
  startRegistry,
} from '@zuul-ts/testing';
import type { FaultProxy, RegistryServer } from '@zuul-ts/testing';
import { uploadContainerImageRole as role } from '../src';

/** The gate change's zuul dict (shared with the other role tests). */
export const zuul = changeZuul();

let seq = 0;
/** A repository path unique to this test process. */
export const uniq = (p: string) =>
  `org/${p}-${process.pid}-${++seq}-${randomBytes(2).toString('hex')}`;

/** Runs the upload role; resolves with the error (if any), the outcome and the context. */
export async function runUpload(
  vars: Vars,
  host?: { name: string; playHosts: string[] },
): Promise<{ ctx: RecordingRoleContext; error?: Error; outcome?: RoleOutcome }> {
  const ctx = createRoleContext({
    roleName: role.name,
    vars,
    host: host ? { name: host.name, vars: {} } : undefined,
    playHosts: host?.playHosts,
    onLog: () => {},
  });
  try {
    return { ctx, outcome: await role.run(ctx) };
  } catch (error) {
    return { ctx, error: error as Error };
  }
}

/** Builds a tiny image (busybox + a nonce) under every given reference, as the build role would. */
export async function buildLocal(engine: ContainerEngine, refs: string[]): Promise<string> {
  const dir = nonceImageContext('zuul-ts-upload-');
  const { imageId } = await engine.build({
    contextDir: dir,
    dockerfile: join(dir, 'Dockerfile'),
    tags: refs,
  });
  return imageId;
}

export interface UploadSuite {
  registry: RegistryServer;
  /** Logged in to `registry` (tls-auth) or anonymous (plain). */
  client: RegistryClient;
  engine: ContainerEngine;
  /** A fault proxy in front of `registry`, with `{ proxy: true }` only. */
  proxy: FaultProxy;
  /** Local image references the tests built; removed from the engine after the suite. */
  localRefs: string[];
}

/**
 * A suite's real registry with a client, the container engine of `kind` and, on request, a
 * fault proxy in front of the registry: started in beforeAll, all stopped in afterAll after the
 * images built locally (`localRefs`) are removed from the engine.
 */
export function useUploadSuite(
  kind: 'docker' | 'podman',
  flavour: 'plain' | 'tls-auth',
  options: { proxy?: boolean } = {},
): UploadSuite {
  const suite = { localRefs: [] as string[] } as UploadSuite;
  beforeAll(async () => {
    suite.registry = await startRegistry({ flavour });
    if (options.proxy) suite.proxy = await startFaultProxy({ target: suite.registry.url });
    suite.engine = await ContainerEngine.connect({ kind });
    suite.client = registryClientFor(suite.registry);
  });
  afterAll(async () => {
    for (const ref of suite.localRefs) await suite.engine.remove(ref, { force: true });
    suite.client.close();
    await suite.proxy?.stop();
    await suite.registry.stop();
  });
  return suite;
}
