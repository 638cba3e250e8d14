import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** One playbook entry of job-output.json (zuul_json's shape). */
export interface JsonPlaybook {
  playbook?: unknown;
  phase?: unknown;
  index?: unknown;
  trusted: boolean;
  branch?: unknown;
  plays: unknown[];
  stats: Record<string, unknown>;
}

/**
 * Appends a playbook to job-output.json the way zuul_json does: the file is one JSON list
 * (`[\n\n]\n` to start), each playbook dumped with sorted keys and 4-space indent.
 */
export function appendJsonPlaybook(file: string, entry: JsonPlaybook): void {
  mkdirSync(dirname(file), { recursive: true });
  const body = JSON.stringify(sortKeys(entry), null, 4);
  if (!existsSync(file)) {
    writeFileSync(file, `[\n${body}\n]\n`);
    return;
  }
  const text = readFileSync(file, 'utf8');
  // Drop the closing "\n]\n" and append ",\n<entry>\n]\n" (zuul_json seeks back 3 bytes).
  const head = text.slice(0, Math.max(0, text.length - 3));
  const sep = head.trim() === '[' ? '' : ',\n';
  writeFileSync(file, `${head}${sep}${body}\n]\n`);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  return value;
}
