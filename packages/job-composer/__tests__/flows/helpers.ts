import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dumpYaml11 as dump } from '@zuul-ts/templating';
import { RegistryClient } from '@zuul-ts/registry';
import { startRegistry, type RegistryServer } from '@zuul-ts/testing';
import { cli, jsonLines } from '../cli/helpers';

export const REPO_ROOT = resolve(__dirname, '../../../..');
export const EXAMPLES = join(REPO_ROOT, 'examples');

/**
 * A copy of examples/sample-project with busybox and generated files (a fresh nonce: every
 * suite's images have their own digests), as examples/prepare-sample.sh does.
 */
export function prepareSampleProject(): string {
  const dir = mkdtempSync(join(tmpdir(), 'zts-sample-'));
  cpSync(join(EXAMPLES, 'sample-project'), dir, { recursive: true });
  const nonce = randomBytes(8).toString('hex');
  for (const img of readdirSync(join(dir, 'images'))) {
    const ctx = join(dir, 'images', img);
    copyFileSync('/bin/busybox', join(ctx, 'busybox'));
    mkdirSync(join(ctx, 'generated'), { recursive: true });
    writeFileSync(join(ctx, 'generated', 'version.txt'), `sample ${img} ${nonce}\n`);
  }
  return dir;
}

/**
 * The final registry, addressed WITHOUT a port (`127.0.x.y/ns/app`): the buildset and
 * intermediate registries store images under `<their host:port>/<repository>`, and a
 * repository may have a port only in its first component. A TLS+htpasswd docker-registry on a
 * random port, reached through a TCP forwarder on a per-suite loopback address, port 443.
 */
export interface FinalRegistry {
  host: string;
  registry: RegistryServer;
  client: RegistryClient;
  stop(): Promise<void>;
}

export async function startFinalRegistry(): Promise<FinalRegistry> {
  // 127.0.0.0/8 is all loopback on Linux; pick an address no other suite uses.
  for (let attempt = 0; ; attempt++) {
    const host = `127.${1 + (process.pid % 200)}.${randomBytes(1)[0]}.${1 + (randomBytes(1)[0] % 250)}`;
    const registry = await startRegistry({ flavour: 'tls-auth', names: [host] });
    const open = new Set<Socket>();
    const server: Server = createServer((sock) => {
      const up = connect(registry.port, '127.0.0.1');
      open.add(sock).add(up);
      sock.on('close', () => open.delete(sock));
      up.on('close', () => open.delete(up));
      sock.pipe(up).pipe(sock);
      const close = () => {
        sock.destroy();
        up.destroy();
      };
      sock.on('error', close);
      up.on('error', close);
    });
    try {
      await new Promise<void>((res, rej) => {
        server.once('error', rej);
        server.listen(443, host, () => res());
      });
    } catch (e) {
      await registry.stop();
      if (attempt < 5) continue;
      throw e;
    }
    const client = new RegistryClient({
      ca: { [host]: registry.ca! },
      credentials: [{ registry: host, username: registry.username, password: registry.password }],
    });
    return {
      host,
      registry,
      client,
      stop: async () => {
        client.close();
        // Keep-alive connections (engine, registry clients) would hold close() open.
        const closed = new Promise<void>((r) => server.close(() => r()));
        for (const sock of open) sock.destroy();
        await closed;
        await registry.stop();
      },
    };
  }
}

/** Writes the --secrets file and the site vars file (mode 0600, removed with the dir). */
export function writeSiteFiles(
  dir: string,
  final: FinalRegistry,
  namespace: string,
  extra: Record<string, unknown> = {},
  intermediate?: RegistryServer,
): { secrets: string; vars: string } {
  const secrets = join(dir, 'secrets.yaml');
  const vars = join(dir, 'site-vars.yaml');
  const s: Record<string, unknown> = {
    'sample-registry-credentials': {
      [final.host]: { username: final.registry.username, password: final.registry.password },
    },
  };
  if (intermediate)
    s['site-intermediate-registry'] = {
      host: '127.0.0.1',
      port: intermediate.port,
      username: 'zuul',
      password: 'not-checked-by-a-plain-registry',
    };
  writeFileSync(secrets, dump(s), { mode: 0o600 });
  writeFileSync(
    vars,
    dump({
      sample_registry: final.host,
      sample_namespace: namespace,
      container_registry_ca: { [final.host]: final.registry.ca },
      ...extra,
    }),
    { mode: 0o600 },
  );
  chmodSync(secrets, 0o600);
  return { secrets, vars };
}

export interface PipelineRun {
  code: number;
  stdout: string;
  stderr: string;
  summary: {
    result: string;
    jobs: {
      job: string;
      result: string;
      build?: string;
      error?: string;
      artifacts: { name: string; url: string; metadata?: Record<string, unknown> }[];
      operations: { kind: string; target: string; detail?: Record<string, unknown> }[];
    }[];
  };
  /** `kind target` of every operation, in order. */
  operations: string[];
}

export async function runPipelineCli(args: string[]): Promise<PipelineRun> {
  const r = await cli(['run-pipeline', ...args, '--json']);
  const summary = jsonLines(r.stdout).find(
    (e) => e.kind === 'pipeline',
  ) as unknown as PipelineRun['summary'];
  if (!summary) throw new Error(`no pipeline result (exit ${r.code}): ${r.stderr}`);
  return {
    ...r,
    summary,
    operations: summary.jobs.flatMap((j) => j.operations.map((o) => `${o.kind} ${o.target}`)),
  };
}

/**
 * The build role assembles multi-arch images without a buildset registry in a temporary
 * loopback registry on a random port, which its dry-run plan calls `temporary-registry`.
 */
export function normalizeTemporary(
  ops: string[],
  temporary = /^(\S+ )127\.0\.0\.1:\d+\//,
): string[] {
  return ops.map((o) => o.replace(temporary, '$1temporary-registry/'));
}

/**
 * Operations grouped by the repository they touch, each group in order: roles work on several
 * images concurrently, so only the order within one repository is defined.
 */
export function perRepository(ops: string[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const op of ops) {
    const target = op.split(' ')[1] ?? '';
    const slash = target.lastIndexOf('/');
    const tail = target.slice(slash + 1).replace(/[:@].*$/, '');
    const repo = `${target.slice(0, slash + 1)}${tail}`;
    (out[repo] ??= []).push(op);
  }
  return out;
}

const failures = (r: PipelineRun) =>
  [r.stderr, ...r.summary.jobs.filter((j) => j.error).map((j) => `${j.job}: ${j.error}`)].join(
    '\n',
  );

/**
 * Runs a step as --dry-run, then for real; both must succeed, and the plan must list the
 * operations the real run performed (`normalize` maps run-specific names).
 */
export async function dryThenReal(
  args: string[],
  normalize: (ops: string[]) => string[] = (o) => o,
): Promise<{ dry: PipelineRun; real: PipelineRun }> {
  const dry = await runPipelineCli([...args, '--dry-run']);
  if (dry.code !== 0) throw new Error(`dry run failed (exit ${dry.code}): ${failures(dry)}`);
  const real = await runPipelineCli(args);
  if (real.code !== 0) throw new Error(`run failed (exit ${real.code}): ${failures(real)}`);
  expect(dry.operations.length).toBeGreaterThan(0);
  expect(perRepository(normalize(dry.operations))).toEqual(
    perRepository(normalize(real.operations)),
  );
  return { dry, real };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
