import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { dumpYaml11 as dump } from '@zuul-ts/templating';
import { extract } from 'tar-stream';
import { RegistryClient } from '@zuul-ts/registry';
import type { SshNode } from '@zuul-ts/testing';
import { runPlaybookCommand } from '@zuul-ts/job-composer/cli/run-playbook';

export const REPO_ROOT = resolve(__dirname, '..', '..', '..', '..');
export const PLAYBOOKS = join(REPO_ROOT, 'jobs', 'playbooks', 'container-image');
export const nonce = () => randomBytes(4).toString('hex');

/** The zuul dict of a gate change of `project` (relative `src_dir`, as Zuul gives it). */
export function zuulOf(project: string, change: string) {
  return {
    change,
    patchset: '1',
    pipeline: 'gate',
    change_url: `https://review.example.org/${change}`,
    project: { src_dir: `src/example.org/${project}`, name: `org/${project}` },
  };
}

/** A Zuul-shaped inventory of SSH nodes in a fresh job dir; returns the paths. */
export function writeJobDir(nodes: SshNode[], vars: Record<string, unknown>) {
  const jobDir = mkdtempSync(join(tmpdir(), 'zts-sshjob-'));
  const inventory = join(jobDir, 'inventory.yaml');
  const hosts = Object.fromEntries(nodes.map((n) => [n.name, n.hostVars]));
  writeFileSync(inventory, dump({ all: { hosts, vars } }));
  return { jobDir, inventory };
}

/** `zuul-ts run-playbook` as Zuul's executor calls it, with the executor's ssh-agent. */
export async function runPlaybooks(
  args: string[],
  env: { SSH_AUTH_SOCK: string; ZUUL_JOBDIR: string },
): Promise<{ code: number; out: string; err: string }> {
  const saved = { SSH_AUTH_SOCK: process.env.SSH_AUTH_SOCK, ZUUL_JOBDIR: process.env.ZUUL_JOBDIR };
  Object.assign(process.env, env);
  const out: string[] = [];
  const err: string[] = [];
  try {
    const code = await runPlaybookCommand(args, {
      stdin: () => '',
      stdout: (s) => out.push(s),
      stderr: (s) => err.push(s),
    });
    return { code, out: out.join(''), err: err.join('') };
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

/** Every regular file of a pushed image (all layers), path → content. */
export async function imageFiles(
  client: RegistryClient,
  ref: string,
): Promise<Map<string, string>> {
  const repo = ref.slice(0, ref.lastIndexOf(':'));
  const manifest = JSON.parse((await client.getManifest(ref)).bytes.toString()) as {
    layers: { digest: string }[];
  };
  const files = new Map<string, string>();
  for (const layer of manifest.layers) {
    let blob = await client.getBlob(repo, layer.digest);
    if (blob[0] === 0x1f && blob[1] === 0x8b) blob = gunzipSync(blob);
    await new Promise<void>((resolveDone, reject) => {
      const x = extract();
      x.on('entry', (h, stream, next) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (h.type === 'file')
            files.set(h.name.replace(/^\.?\//, ''), Buffer.concat(chunks).toString());
          next();
        });
      });
      x.on('finish', resolveDone);
      x.on('error', reject);
      x.end(blob);
    });
  }
  return files;
}
