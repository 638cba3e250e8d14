import { readFileSync } from 'node:fs';
import { Redactor } from '../events';
import { loadYaml11 } from '@zuul-ts/templating';
import type { Vars } from '@zuul-ts/role-kit';
import type { OptionSpec, ParsedArgs } from './args';
import { UsageError } from './errors';
import { parseExtraVars } from './extra-vars';
import type { CliIO } from './output';

/** Options of the commands that run jobs of a project item (run-job, run-pipeline). */
export const ITEM_OPTIONS: OptionSpec[] = [
  {
    name: 'config',
    kind: 'list',
    arg: 'PATH',
    help: "the project's Zuul config (file or folder), read instead of the checkout's own",
  },
  {
    name: 'site-config',
    kind: 'list',
    arg: 'PATH',
    help: "a site's config project (trusted; its pipeline stanzas declare post-review), read first",
  },
  {
    name: 'project-dir',
    kind: 'value',
    arg: 'DIR',
    help: 'the project checkout (required): its zuul.yaml/zuul.d and zuul.project.src_dir',
  },
  {
    name: 'project',
    kind: 'value',
    arg: 'NAME',
    help: 'the project name (default: local/<basename of --project-dir>)',
  },
  { name: 'change', kind: 'value', arg: 'N', help: 'the change number (needs --patchset)' },
  { name: 'patchset', kind: 'value', arg: 'N', help: 'the patchset of --change' },
  { name: 'tag', kind: 'value', arg: 'T', help: 'run for a tag instead of a change' },
  {
    name: 'branch',
    kind: 'value',
    arg: 'B',
    help: 'the branch (default main; with no change, its tip)',
  },
  {
    name: 'containing-branch',
    kind: 'list',
    arg: 'B',
    help: "for --tag: a branch containing the tagged commit (default: read from the checkout's git)",
  },
  {
    name: 'files',
    kind: 'list',
    arg: 'PATH',
    help: 'the files the change touches (default: the change commit against its parent, from git)',
  },
  {
    name: 'secrets',
    kind: 'value',
    arg: 'FILE',
    help: 'YAML mapping of secret name to its decrypted value',
  },
];

/**
 * `--project-dir` is required (returned); the item is a change (with its patchset), a tag or a
 * branch.
 */
export function checkItemArgs(a: ParsedArgs): string {
  const projectDir = a.values['project-dir'];
  if (!projectDir) throw new UsageError('--project-dir is required');
  if (a.values.change !== undefined && a.values.patchset === undefined)
    throw new UsageError('--change needs --patchset');
  if (a.values.tag !== undefined && a.values.change !== undefined)
    throw new UsageError('--tag and --change exclude each other');
  return projectDir;
}

/**
 * The secrets (`--secrets FILE`, registered with a fresh redactor before anything prints) and
 * the extra vars (`-e`) of a run.
 */
export function itemInputs(
  a: ParsedArgs,
  io: CliIO,
): { redactor: Redactor; secretValues: Record<string, Vars>; extraVars: Vars } {
  const redactor = new Redactor();
  const secretValues = a.values.secrets ? readSecretsFile(a.values.secrets) : {};
  for (const v of Object.values(secretValues)) redactor.addSecretTree(v);
  return { redactor, secretValues, extraVars: parseExtraVars(a.lists['extra-vars'], io.stdin) };
}

/** `--secrets FILE`: secret name → plaintext data (already decrypted by the executor). */
export function readSecretsFile(file: string): Record<string, Vars> {
  let doc: unknown;
  try {
    doc = loadYaml11(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new UsageError(`--secrets ${file}: ${(err as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== 'object' || Array.isArray(doc))
    throw new UsageError(`--secrets ${file}: must map secret names to their data`);
  return doc as Record<string, Vars>;
}

/**
 * `--containing-branch B` (repeatable; tag items) and `--files F` (repeatable, or
 * comma-separated): replace what the checkout's git says. Absent options give undefined.
 */
export function itemMatchInputs(a: ParsedArgs): {
  containingBranches?: string[];
  files?: string[];
} {
  const cb = a.lists['containing-branch'] ?? [];
  const files = (a.lists.files ?? []).flatMap((f) => f.split(',')).filter(Boolean);
  if (cb.length > 0 && a.values.tag === undefined)
    throw new UsageError('--containing-branch applies to tag items (--tag) only');
  return {
    containingBranches: cb.length > 0 ? cb : undefined,
    files: (a.lists.files ?? []).length > 0 ? files : undefined,
  };
}
