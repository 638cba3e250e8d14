import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Vars } from '../config/types';
import type { FrozenJob, FrozenPlaybook } from '../freeze/types';
import type { ZuulDict } from '../zuul/types';
import { writeInventory, writeZuulVars, secretsFileFor } from './files';
import {
  makeInventory,
  playbookSecrets,
  withoutSecretKeys,
  type InventoryOptions,
} from './make-inventory';
import type { NodeInfo } from './types';

export interface PrepareJobDirOptions extends InventoryOptions {
  nodes?: NodeInfo[];
  /** Plaintext secret data by secret stanza name (see `resolveSecretValues`). */
  secretValues?: Record<string, Vars>;
  /** `secret_data` returned by ancestor builds (see `parentResults`). */
  parentSecretData?: Vars;
}

export interface PreparedPlaybook {
  playbook: FrozenPlaybook;
  /** `<job_dir>/ansible/<pre_playbook_N|playbook_N|post_playbook_N|cleanup_playbook_N>` */
  dir: string;
  inventoryPath: string;
  /** `group_vars/all.yaml` beside the inventory when the playbook has secrets. */
  secretsPath?: string;
}

export interface PreparedJobDir {
  jobDir: string;
  /** Debug inventory `ansible/inventory.yaml` (zuul vars included, no secrets). */
  inventoryPath: string;
  /** `ansible/zuul_vars.yaml`: `{zuul: …}`, passed with `-e @`. */
  zuulVarsPath: string;
  resultsFile: string;
  playbooks: PreparedPlaybook[];
}

const DIR_PREFIX: Record<FrozenPlaybook['phase'], string> = {
  'pre-run': 'pre_playbook',
  run: 'playbook',
  'post-run': 'post_playbook',
  'cleanup-run': 'cleanup_playbook',
};

/**
 * Lays out the executor's job directory for a frozen job: work/ (src,
 * logs, tmp, an empty results.json), ansible/inventory.yaml + zuul_vars.yaml, and per playbook
 * its own inventory with secret-named keys removed plus group_vars/all.yaml holding its
 * secrets. The job dir is the parent of `zuul.executor.work_root`.
 */
export function prepareJobDir(
  frozen: FrozenJob,
  zuul: ZuulDict,
  options: PrepareJobDirOptions = {},
): PreparedJobDir {
  const jobDir = dirname(zuul.executor.work_root);
  for (const d of [
    zuul.executor.src_root,
    zuul.executor.log_root,
    join(zuul.executor.work_root, 'tmp'),
  ]) {
    mkdirSync(d, { recursive: true });
  }
  writeFileSync(zuul.executor.result_data_file, '', { mode: 0o600 });
  const ansibleDir = dirname(zuul.executor.inventory_file);
  mkdirSync(ansibleDir, { recursive: true });
  const debug = makeInventory(frozen, zuul, options.nodes, { ...options, includeZuul: true });
  writeInventory(zuul.executor.inventory_file, debug);
  const zuulVarsPath = join(ansibleDir, 'zuul_vars.yaml');
  writeZuulVars(zuulVarsPath, zuul);

  const runtime = makeInventory(frozen, zuul, options.nodes, { ...options, includeZuul: false });
  const counters: Record<string, number> = {};
  const playbooks = frozen.playbooks.map((playbook) => {
    const prefix = DIR_PREFIX[playbook.phase];
    const index = counters[prefix] ?? 0;
    counters[prefix] = index + 1;
    const dir = join(ansibleDir, `${prefix}_${index}`);
    const secrets = playbookSecrets(
      frozen,
      playbook,
      options.secretValues,
      options.parentSecretData,
      options,
    );
    const inventoryPath = join(dir, 'inventory.yaml');
    writeInventory(inventoryPath, withoutSecretKeys(runtime, secrets), secrets);
    const prepared: PreparedPlaybook = { playbook, dir, inventoryPath };
    if (Object.keys(secrets).length > 0) prepared.secretsPath = secretsFileFor(inventoryPath);
    return prepared;
  });
  return {
    jobDir,
    inventoryPath: zuul.executor.inventory_file,
    zuulVarsPath,
    resultsFile: zuul.executor.result_data_file,
    playbooks,
  };
}
