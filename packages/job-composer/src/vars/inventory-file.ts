import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_SCHEMA, Type, load } from 'js-yaml';
import type { Vars } from '../role-kit';
import { inventoryView, type InventoryView } from './hosts';

/**
 * Zuul writes `!unsafe` on strings that must never be templated (change messages, unsafe_vars,
 * section 4.2). They load as plain strings here; the runner never templates inventory keys
 * it does not read.
 */
const unsafeTypes = ['scalar', 'sequence', 'mapping'].map(
  (kind) =>
    new Type('!unsafe', { kind: kind as 'scalar', construct: (data: unknown) => data ?? '' }),
);
export const INVENTORY_SCHEMA = DEFAULT_SCHEMA.extend(unsafeTypes);

export function loadYamlFile(path: string): unknown {
  return load(readFileSync(path, 'utf8'), { filename: path, schema: INVENTORY_SCHEMA });
}

/**
 * Reads Zuul's `inventory.yaml` and the secrets Zuul writes beside it in
 * `group_vars/all.yaml` (section 4.1: provided only while the playbook runs). Secrets are
 * layer 9: they beat every inventory var of the same name.
 */
export function loadInventoryFile(path: string): InventoryView {
  const doc = loadYamlFile(path);
  const secretsFile = ['all.yaml', 'all.yml', 'all.json']
    .map((f) => join(dirname(path), 'group_vars', f))
    .find((f) => existsSync(f));
  const secrets = secretsFile ? ((loadYamlFile(secretsFile) ?? {}) as Vars) : {};
  return inventoryView(doc, secrets);
}
