import { unwrapUnsafe } from '@zuul-ts/templating';
import { inventoryView, type InventoryView } from './hosts';

/**
 * Reads Zuul's `inventory.yaml` and the secrets Zuul writes beside it in
 * `group_vars/all.yaml`, through the inventory module. Secrets are layer 9:
 * they beat every inventory var of the same name.
 */
export function loadInventoryFile(path: string): InventoryView {
  // Loaded on use: the YAML library behind it costs ~80 ms of CLI start-up.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { readInventory } = require('../inventory') as typeof import('../inventory');
  // `!unsafe` values stay Unsafe: never templated, as in Ansible
  const { inventory, secrets } = readInventory(path, { unsafe: 'wrap' });
  // secrets are never templated as a whole layer; their values are plain
  return inventoryView(inventory, unwrapUnsafe(secrets) as typeof secrets);
}
