import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Document, Scalar } from 'yaml';
import { loadYaml11 } from '@zuul-ts/templating';
import type { Vars } from '../config/types';
import { EncryptedValue } from '../config/yaml-values';
import type { InventoryDict } from './types';

export interface ReadInventoryOptions {
  /**
   * `!unsafe` strings (never templated by Ansible): `plain` (default) loads them as strings,
   * `wrap` as templating `Unsafe` values so rendering leaves them untouched.
   */
  unsafe?: 'plain' | 'wrap';
}

export class InventoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InventoryError';
  }
}

/** Where Zuul puts a playbook's secrets: `group_vars/all.yaml` beside its inventory. */
export function secretsFileFor(inventoryPath: string): string {
  return join(dirname(inventoryPath), 'group_vars', 'all.yaml');
}

/**
 * Writes `inventory.yaml` (block style) and, when there are secrets, `group_vars/all.yaml`
 * beside it (mode 0600) with every secret string tagged `!unsafe` as Zuul writes them.
 */
export function writeInventory(
  inventoryPath: string,
  inventory: InventoryDict,
  secrets?: Vars,
): void {
  mkdirSync(dirname(inventoryPath), { recursive: true });
  const inv = new Document(inventory, { aliasDuplicateObjects: false });
  // unsafe_vars (runtime inventories) are written `!unsafe`, as Zuul does.
  tagUnsafe(inv.getIn(['all', 'vars', 'unsafe_vars'], true));
  for (const host of Object.keys(inventory.all.hosts))
    tagUnsafe(inv.getIn(['all', 'hosts', host, 'unsafe_vars'], true));
  atomicWrite(inventoryPath, inv.toString(), 0o644);
  if (secrets && Object.keys(secrets).length > 0) {
    const file = secretsFileFor(inventoryPath);
    mkdirSync(dirname(file), { recursive: true });
    const doc = new Document(plainSecrets(secrets), { aliasDuplicateObjects: false });
    tagUnsafe(doc.contents);
    atomicWrite(file, doc.toString(), 0o600);
  }
}

/**
 * Writes `ansible/zuul_vars.yaml` (`{zuul: …}`, passed with `-e @`): every `change_message`
 * (zuul.change_message and those in items / buildset_refs / build_refs) tagged `!unsafe`, as
 * Zuul writes them.
 */
export function writeZuulVars(path: string, zuul: Record<string, unknown>): void {
  mkdirSync(dirname(path), { recursive: true });
  const doc = new Document({ zuul }, { aliasDuplicateObjects: false });
  const mark = (node: unknown) => {
    if (node instanceof Scalar && typeof node.value === 'string') node.tag = '!unsafe';
  };
  mark(doc.getIn(['zuul', 'change_message'], true));
  for (const list of ['items', 'buildset_refs', 'build_refs']) {
    const items = Array.isArray(zuul[list]) ? (zuul[list] as unknown[]) : [];
    items.forEach((_, i) => mark(doc.getIn(['zuul', list, i, 'change_message'], true)));
  }
  atomicWrite(path, doc.toString(), 0o644);
}

/**
 * Reads a YAML/JSON vars file as Zuul writes them (`zuul_vars.yaml` with `!unsafe` strings,
 * `-e @file`): a mapping, `!unsafe` kept as strings or wrapped as templating `Unsafe`.
 */
export function readVarsFile(path: string, options: ReadInventoryOptions = {}): Vars {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InventoryError(`${path}: cannot read: ${(e as Error).message}`);
  }
  const doc = parseYaml(path, text, options.unsafe === 'wrap');
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw new InventoryError(`${path}: expected a mapping of variables`);
  return doc as Vars;
}

/** Reads Zuul's inventory.yaml and the secrets file beside it (if any). */
export function readInventory(
  inventoryPath: string,
  options: ReadInventoryOptions = {},
): { inventory: InventoryDict; secrets: Vars } {
  const wrap = options.unsafe === 'wrap';
  let text: string;
  try {
    text = readFileSync(inventoryPath, 'utf8');
  } catch (e) {
    throw new InventoryError(`${inventoryPath}: cannot read inventory: ${(e as Error).message}`);
  }
  const parsed = parseYaml(inventoryPath, text, wrap) as { all?: unknown } | null;
  if (
    !parsed ||
    typeof parsed !== 'object' ||
    typeof parsed.all !== 'object' ||
    parsed.all === null
  ) {
    throw new InventoryError(`${inventoryPath}: not a Zuul inventory: it has no "all" group`);
  }
  const all = parsed.all as Partial<InventoryDict['all']>;
  const inventory: InventoryDict = {
    all: {
      hosts: normaliseHosts(all.hosts),
      vars: (all.vars as Vars | null) ?? {},
      children: (all.children as InventoryDict['all']['children'] | null) ?? {},
    },
  };
  for (const [name, group] of Object.entries(inventory.all.children)) {
    inventory.all.children[name] = { hosts: (group?.hosts as Record<string, null> | null) ?? {} };
  }
  const secretsFile = secretsFileFor(inventoryPath);
  let secrets: Vars = {};
  if (existsSync(secretsFile)) {
    const s = parseYaml(secretsFile, readFileSync(secretsFile, 'utf8'), wrap);
    if (s !== null && (typeof s !== 'object' || Array.isArray(s))) {
      throw new InventoryError(`${secretsFile}: expected a mapping of secret variables`);
    }
    secrets = (s as Vars | null) ?? {};
  }
  return { inventory, secrets };
}

function normaliseHosts(hosts: unknown): Record<string, Vars> {
  const out: Record<string, Vars> = {};
  for (const [name, v] of Object.entries((hosts as Record<string, Vars | null> | null) ?? {}))
    out[name] = v ?? {};
  return out;
}

function parseYaml(file: string, text: string, wrap: boolean): unknown {
  try {
    return loadYaml11(text, { unsafe: wrap ? 'wrap' : 'plain' });
  } catch (e) {
    throw new InventoryError(`${file}: invalid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
}

function plainSecrets(v: unknown): unknown {
  if (v instanceof EncryptedValue) return v.toJSON();
  if (Array.isArray(v)) return v.map(plainSecrets);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plainSecrets(x)]));
  return v;
}

function tagUnsafe(node: unknown): void {
  if (node instanceof Scalar) {
    if (typeof node.value === 'string') node.tag = '!unsafe';
    return;
  }
  const items = (node as { items?: unknown[] } | null)?.items;
  if (!items) return;
  for (const item of items) {
    const pair = item as { key?: unknown; value?: unknown };
    if (pair && 'value' in pair && 'key' in pair) tagUnsafe(pair.value);
    else tagUnsafe(item);
  }
}

function atomicWrite(file: string, text: string, mode: number): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode });
  renameSync(tmp, file);
}
