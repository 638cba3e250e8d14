import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Playbook } from '../playbook/model';
import { matchHosts, type InventoryView } from '../vars/hosts';
import { hostConnection, probeSsh } from './reach';

export interface ReachCheck {
  /** Unreachable hosts with Ansible-like reasons. */
  unreachable: { host: string; reason: string }[];
  /** A host needs a connection plugin zuul-ts does not check (winrm, kubectl, …). */
  foreign?: string;
}

/** Probes every SSH host the playbook's plays target, concurrently. */
export async function checkHosts(
  playbook: Playbook,
  inventory: InventoryView,
  timeoutMs: number,
): Promise<ReachCheck> {
  const names = new Set(playbook.plays.flatMap((p) => matchHosts(p.hosts, inventory)));
  const out: ReachCheck = { unreachable: [] };
  const probes: Promise<void>[] = [];
  for (const name of names) {
    const vars = inventory.hosts.find((h) => h.name === name)?.vars ?? {};
    const c = hostConnection(name, vars);
    if (c.kind === 'other') out.foreign ??= `host ${name} uses ansible_connection ${c.connection}`;
    if (c.kind !== 'ssh') continue;
    probes.push(
      probeSsh(c.address, c.port, timeoutMs).then((reason) => {
        if (reason) out.unreachable.push({ host: name, reason });
      }),
    );
  }
  await Promise.all(probes);
  out.unreachable.sort((a, b) => a.host.localeCompare(b.host));
  return out;
}

/** zuul_unreachable's file: `$ZUUL_JOBDIR/.ansible/nodes.unreachable`, one host a line. */
export function recordUnreachable(jobDir: string | undefined, hosts: string[]): void {
  if (!jobDir) return;
  const file = join(jobDir, '.ansible', 'nodes.unreachable');
  mkdirSync(dirname(file), { recursive: true });
  appendFileSync(file, hosts.map((h) => `${h}\n`).join(''));
}
